using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Format.Disk;

/// <summary>What the text layer tells the scanner about one metadata text: the VG's name, id and seqno.</summary>
public sealed record VgTextSummary(string VgName, string VgId, ulong Seqno);

/// <summary>One copy of a VG's metadata that is older than the newest (or differs from it at the same seqno).</summary>
public sealed record StaleCopy(string Device, int MdaIndex, ulong Seqno);

/// <summary>A VG found on the scanned devices: its newest text and where the out-of-date copies are.</summary>
public sealed record ScannedVg(
    string VgName,
    string VgId,
    ulong Seqno,
    MetadataCopy Newest,
    IReadOnlyList<StaleCopy> StaleCopies,
    IReadOnlyList<PhysicalVolumeDisk> Pvs)
{
    /// <summary>One warning line naming every stale copy, or null when all copies agree.</summary>
    public string? StaleWarning => StaleCopies.Count == 0 ? null :
        $"WARNING: VG {VgName} has old metadata (seqno {Seqno} is current) on " +
        string.Join(", ", StaleCopies.Select(s => $"{s.Device} mda {s.MdaIndex + 1} (seqno {s.Seqno})")) + ".";
}

/// <summary>
/// The result of a scan: the VGs, the PVs that belong to none (orphans), and the problems met on the way
/// (a damaged label or metadata area is reported here and the scan goes on).
/// </summary>
public sealed record VgScanResult(
    IReadOnlyList<ScannedVg> Vgs,
    IReadOnlyList<PhysicalVolumeDisk> Orphans,
    IReadOnlyList<PhysicalVolumeDisk> Pvs,
    IReadOnlyList<StorageException> Problems);
