using SharpLvm.Format.Disk;
using SharpLvm.Model;

namespace SharpLvm.Metadata;

/// <summary>
/// A VG read from its devices: the model from the newest committed metadata, and for each of its PVs the
/// device that carries it (null when the PV is missing).
/// </summary>
public sealed class LoadedVg
{
    public LoadedVg(VolumeGroup vg, IReadOnlyList<ScannedPv?> devices, IReadOnlyList<StaleCopy>? staleCopies = null,
        IReadOnlyList<string>? outdatedPvs = null)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count != vg.PhysicalVolumes.Count)
        {
            throw new ArgumentException("one device entry per PV of the VG is required", nameof(devices));
        }
        Vg = vg;
        Devices = devices;
        StaleCopies = staleCopies ?? [];
        OutdatedPvs = outdatedPvs ?? [];
    }

    /// <summary>The scan's record of metadata copies older than (or different from) the one read.</summary>
    public IReadOnlyList<StaleCopy> StaleCopies { get; }

    /// <summary>
    /// Devices that are no PV of the VG now but still carry an older copy of its metadata (a command that
    /// removed them was interrupted): LVM2 wipes their metadata areas when it next writes the VG.
    /// </summary>
    public IReadOnlyList<string> OutdatedPvs { get; }

    public VolumeGroup Vg { get; }

    /// <summary>Devices in the order of <see cref="VolumeGroup.PhysicalVolumes"/>; null for a missing PV.</summary>
    public IReadOnlyList<ScannedPv?> Devices { get; }

    public ScannedPv? DeviceOf(PhysicalVolume pv) => Devices[Vg.PhysicalVolumes.IndexOf(pv)];

    /// <summary>The name LVM2 shows for a PV: its device path, or "[unknown]" when missing.</summary>
    public string PvName(PhysicalVolume pv) => DeviceOf(pv)?.Path ?? "[unknown]";

    /// <summary>Metadata areas of all present PVs.</summary>
    public IEnumerable<MdaInfo> Mdas => Devices.Where(d => d is not null).SelectMany(d => d!.Mdas);

    /// <summary>
    /// LVM2's is_missing_pv: the PV's device was not found, or the metadata flags it MISSING (written while it was
    /// away; it stays missing after it returns until <c>vgextend --restoremissing</c>).
    /// </summary>
    public bool IsMissing(PhysicalVolume pv)
    {
        ArgumentNullException.ThrowIfNull(pv);
        return DeviceOf(pv) is null || (pv.Flags & PvCompatFlags.Missing) != 0;
    }

    /// <summary>PVs that are missing (<see cref="IsMissing"/>): LVM2's vg_missing_pv_count.</summary>
    public int MissingPvCount => Vg.PhysicalVolumes.Count(IsMissing);
}
