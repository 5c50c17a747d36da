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

    /// <summary>
    /// The candidates of <paramref name="pvs"/> bound to <paramref name="vg"/>'s own PV objects (a PV list resolved
    /// against another read of the same VG, as the live commands do before their transaction reads it again);
    /// every PV of the VG when <paramref name="pvs"/> is null.
    /// </summary>
    public static IReadOnlyList<PvCandidate> In(VolumeGroup vg, IReadOnlyList<PvCandidate>? pvs)
    {
        ArgumentNullException.ThrowIfNull(vg);
        if (pvs is null)
        {
            return AllOf(vg);
        }
        return [.. pvs.Select(c => vg.PhysicalVolumes.Contains(c.Pv) ? c
            : c with { Pv = vg.PhysicalVolumes.FirstOrDefault(p => p.Id == c.Pv.Id)
                ?? throw new DeviceMapper.Errors.StorageException(DeviceMapper.Errors.ErrorCode.NotFound,
                    $"Physical volume {c.Pv.Id} is no longer in volume group {vg.Name}.") })];
    }
}
