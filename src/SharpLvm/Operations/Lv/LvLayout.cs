using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>Segments from allocations, and the facts about an LV's layout the operations need.</summary>
public static class LvLayout
{
    /// <summary>The default stripe size, 64 KiB in sectors.</summary>
    public const uint DefaultStripeSize = 128;

    /// <summary>The default mirror region size, 2 MiB in sectors.</summary>
    public const uint DefaultRegionSize = 4096;

    /// <summary>The policy that applies to an LV: its own, else the VG's.</summary>
    public static AllocationPolicy EffectivePolicy(VolumeGroup vg, LogicalVolume? lv, AllocationPolicy? requested)
    {
        ArgumentNullException.ThrowIfNull(vg);
        AllocationPolicy policy = requested ?? lv?.AllocationPolicy ?? AllocationPolicy.Inherit;
        if (policy == AllocationPolicy.Inherit)
        {
            policy = vg.AllocationPolicy;
        }
        return policy == AllocationPolicy.Inherit ? AllocationPolicy.Normal : policy;
    }

    /// <summary>
    /// Appends striped (or linear) segments for parallel areas <paramref name="first"/>..+<paramref name="count"/>
    /// of an allocation to <paramref name="lv"/>, joining a round to the previous segment when every area continues it.
    /// </summary>
    public static void AppendStriped(LogicalVolume lv, AllocationResult result, int first, int count, uint stripeSize)
    {
        ArgumentNullException.ThrowIfNull(lv);
        ArgumentNullException.ThrowIfNull(result);
        foreach (AllocatedRound round in result.Rounds)
        {
            IReadOnlyList<PvPosition> areas = [.. round.Areas.Skip(first).Take(count)];
            uint length = round.Length * (uint)count;
            if (lv.Segments.Count > 0 && lv.Segments[^1] is StripedSegment last && Continues(last, areas))
            {
                last.ExtentCount += new Extents(length);
                continue;
            }
            var seg = new StripedSegment(lv.ExtentCount, new Extents(length)) { StripeSize = count > 1 ? stripeSize : 0 };
            seg.Areas.AddRange(areas.Select(a => new PvArea(a.Pv, new Extents(a.Pe))));
            lv.Segments.Add(seg);
        }
    }

    /// <summary>Appends a one-extent-run linear segment for the allocated log.</summary>
    public static void AppendLog(LogicalVolume log, AllocationResult result)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(result);
        PvPosition at = result.Log ?? throw new InvalidOperationException("no log was allocated");
        var seg = new StripedSegment(Extents.Zero, new Extents(result.LogLength));
        seg.Areas.Add(new PvArea(at.Pv, new Extents(at.Pe)));
        log.Segments.Add(seg);
    }

    private static bool Continues(StripedSegment last, IReadOnlyList<PvPosition> areas)
    {
        if (last.Areas.Count != areas.Count)
        {
            return false;
        }
        uint areaLength = FreeSpaceMap.AreaLength(last);
        for (int i = 0; i < areas.Count; i++)
        {
            if (last.Areas[i] is not PvArea pa || !ReferenceEquals(pa.Pv, areas[i].Pv) || pa.StartExtent.Value + areaLength != areas[i].Pe)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Where each area of the LV's last segment ends, for extending it (null when it has no PV areas).</summary>
    public static IReadOnlyList<PvPosition>? Tails(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        if (lv.Segments.Count == 0 || lv.Segments[^1] is not StripedSegment last)
        {
            return null;
        }
        uint areaLength = FreeSpaceMap.AreaLength(last);
        var tails = new List<PvPosition>();
        foreach (SegmentArea area in last.Areas)
        {
            if (area is not PvArea pa)
            {
                return null;
            }
            tails.Add(new PvPosition(pa.Pv, pa.StartExtent.Value + areaLength));
        }
        return tails;
    }

    /// <summary>Every PV an LV (and the LVs below it) uses.</summary>
    public static HashSet<PhysicalVolume> PvsOf(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        var set = new HashSet<PhysicalVolume>(ReferenceEqualityComparer.Instance);
        Collect(lv, set, 0);
        return set;
    }

    private static void Collect(LogicalVolume lv, HashSet<PhysicalVolume> set, int depth)
    {
        if (depth > 16)
        {
            return;
        }
        foreach (LvSegment seg in lv.Segments)
        {
            foreach (SegmentArea area in seg.AreaList)
            {
                if (area is PvArea pa)
                {
                    set.Add(pa.Pv);
                }
                else if (area is LvArea la)
                {
                    Collect(la.Lv, set, depth + 1);
                }
            }
        }
    }

    /// <summary>Drops extents from the end of an LV's segments (for striped segments, a multiple of the stripes).</summary>
    public static void TruncateSegments(LogicalVolume lv, uint newLength)
    {
        ArgumentNullException.ThrowIfNull(lv);
        while (lv.Segments.Count > 0 && lv.Segments[^1].StartExtent.Value >= newLength)
        {
            lv.Segments.RemoveAt(lv.Segments.Count - 1);
        }
        if (lv.Segments.Count > 0 && lv.Segments[^1].EndExtent.Value > newLength)
        {
            LvSegment last = lv.Segments[^1];
            uint keep = newLength - last.StartExtent.Value;
            if (last is StripedSegment s && keep % (uint)s.StripeCount != 0)
            {
                throw new StorageException(ErrorCode.InvalidArgument,
                    $"Size of logical volume {lv.Name} must be a multiple of {s.StripeCount} extents in its last segment.");
            }
            last.ExtentCount = new Extents(keep);
        }
    }

    /// <summary>The VG's total and free extents (allocatable PVs only for free).</summary>
    public static (uint Total, uint Free) Counts(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        var map = new FreeSpaceMap(vg);
        uint total = 0;
        foreach (PhysicalVolume pv in vg.PhysicalVolumes)
        {
            total += pv.PeCount;
        }
        return (total, map.TotalFree(PvCandidate.AllOf(vg)));
    }
}
