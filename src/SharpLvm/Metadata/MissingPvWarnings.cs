using SharpLvm.Model;

namespace SharpLvm.Metadata;

/// <summary>
/// The warnings LVM2 2.03 prints when it reads a VG with a missing PV: for a PV not found, "Couldn't find device with
/// uuid …" and "VG … is missing PV … (last written to HINT)"; for a PV that is back but still flagged MISSING in the
/// metadata, "VG … was previously updated while PV … was missing" and "VG … was missing PV … UUID"; for a PV that was
/// removed from the VG while away and came back with the VG's old metadata, "outdated PV …".
/// </summary>
public static class MissingPvWarnings
{
    public static IEnumerable<string> For(LoadedVg loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        VolumeGroup vg = loaded.Vg;
        foreach (PhysicalVolume pv in vg.PhysicalVolumes.Where(p => loaded.DeviceOf(p) is null))
        {
            yield return $"WARNING: Couldn't find device with uuid {pv.Id}.";
        }
        foreach (PhysicalVolume pv in vg.PhysicalVolumes)
        {
            if (loaded.DeviceOf(pv) is null)
            {
                yield return $"WARNING: VG {vg.Name} is missing PV {pv.Id} (last written to {pv.DeviceHint ?? "[unknown]"}).";
            }
            else if ((pv.Flags & PvCompatFlags.Missing) != 0)
            {
                yield return $"WARNING: VG {vg.Name} was previously updated while PV {loaded.PvName(pv)} was missing.";
                yield return $"WARNING: VG {vg.Name} was missing PV {loaded.PvName(pv)} {pv.Id}.";
            }
        }
        foreach (string line in Outdated(loaded))
        {
            yield return line;
        }
    }

    /// <summary>LVM2's warnings about outdated PVs: devices that left the VG but still carry an older copy of its metadata.</summary>
    public static IEnumerable<string> Outdated(LoadedVg loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        foreach (string device in loaded.OutdatedPvs)
        {
            ulong seqno = loaded.StaleCopies.Where(c => c.Device == device).Select(c => c.Seqno).DefaultIfEmpty(0UL).Max();
            yield return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"WARNING: outdated PV {device} seqno {seqno} has been removed in current VG {loaded.Vg.Name} seqno {loaded.Vg.Seqno}.");
            yield return "See vgck --updatemetadata to clear outdated metadata.";
        }
    }
}
