namespace SharpLvm.Metadata;

/// <summary>What a scan of the devices found: the VGs (sorted by name) and the PVs of no VG.</summary>
public sealed record ScanResult(IReadOnlyList<LoadedVg> Vgs, IReadOnlyList<ScannedPv> Orphans);
