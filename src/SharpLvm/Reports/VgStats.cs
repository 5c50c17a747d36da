using System.Runtime.CompilerServices;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>Counts LVM2 derives from a VG's metadata: extents per PV in use, totals, visible LVs, snapshots.</summary>
internal sealed class VgStats
{
    private static readonly ConditionalWeakTable<VolumeGroup, VgStats> Cache = new();
    private readonly Dictionary<PhysicalVolume, uint> _allocated = new(ReferenceEqualityComparer.Instance);

    private VgStats(VolumeGroup vg)
    {
        foreach (PhysicalVolume pv in vg.PhysicalVolumes)
        {
            _allocated[pv] = 0;
            ExtentCount += pv.PeCount;
        }
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            if (lv.IsVisible)
            {
                VisibleLvCount++;
            }
            if ((lv.Role & LvRole.Cow) != 0)
            {
                SnapshotCount++;
            }
            foreach (LvSegment seg in lv.Segments)
            {
                IReadOnlyList<SegmentArea> areas = seg.AreaList;
                uint areaLength = seg is StripedSegment && areas.Count > 0
                    ? seg.ExtentCount.Value / (uint)areas.Count
                    : seg.ExtentCount.Value;
                foreach (SegmentArea area in areas)
                {
                    if (area is PvArea pa && _allocated.TryGetValue(pa.Pv, out uint n))
                    {
                        _allocated[pa.Pv] = n + areaLength;
                    }
                }
            }
        }
        AllocatedCount = (uint)_allocated.Values.Sum(v => (long)v);
    }

    public uint ExtentCount { get; }

    public uint AllocatedCount { get; }

    public uint FreeCount => ExtentCount - AllocatedCount;

    public uint VisibleLvCount { get; }

    public uint SnapshotCount { get; }

    public uint Allocated(PhysicalVolume pv) => _allocated.TryGetValue(pv, out uint n) ? n : 0;

    /// <summary>The stats of a VG, computed once per VG object (reports do not change the VG).</summary>
    public static VgStats Of(VolumeGroup vg) => Cache.GetValue(vg, v => new VgStats(v));
}
