using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations;

/// <summary>What LVM2 does with PVs that are missing when it writes a VG, and its refusal to change such a VG.</summary>
internal static class MissingPvs
{
    /// <summary>The device hint LVM2 writes for a PV it could not find.</summary>
    public const string UnknownDevice = "[unknown]";

    /// <summary>
    /// Before a write: every PV without a device (<paramref name="paths"/> maps PV uuids to the devices found) is flagged
    /// MISSING with the hint "[unknown]", as LVM2's vg_write records it; such a PV keeps the flag until
    /// <c>vgextend --restoremissing</c>.
    /// </summary>
    public static void Flag(VolumeGroup vg, IReadOnlyDictionary<string, string> paths)
    {
        foreach (PhysicalVolume pv in vg.PhysicalVolumes.Where(p => !paths.ContainsKey(p.Id.Raw)))
        {
            pv.Flags |= PvCompatFlags.Missing;
            pv.DeviceHint = UnknownDevice;
        }
    }

    /// <summary>LVM2's refusal of a change to a VG with missing PVs by a command that does not handle them.</summary>
    public static StorageException CannotChange(VgName vg) =>
        new(ErrorCode.InvalidState, $"Cannot change VG {vg} while PVs are missing.", "See vgreduce --removemissing and vgextend --restoremissing.");
}
