using SharpLvm.Model;

namespace SharpLvm.Allocation;

/// <summary>
/// A PV the allocator may use, optionally limited to some extent ranges (a command-line PV list such as
/// <c>/dev/x:0-9:20-29</c>). The order of candidates is the order LVM2 tries them in (the PV list's order,
/// else the VG's).
/// </summary>
public sealed record PvCandidate(PhysicalVolume Pv, IReadOnlyList<PeSpan>? Ranges = null)
{
    /// <summary>Every PV of the VG, in metadata order, without range limits.</summary>
    public static IReadOnlyList<PvCandidate> AllOf(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        return [.. vg.PhysicalVolumes.Select(pv => new PvCandidate(pv))];
    }
}
