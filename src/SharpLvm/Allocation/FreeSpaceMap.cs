using SharpLvm.Model;

namespace SharpLvm.Allocation;

/// <summary>
/// The free extents of a VG's PVs: every PE not used by a <see cref="PvArea"/> of any segment of any LV.
/// Built from the model; <see cref="Take"/> marks extents used as the allocator hands them out.
/// </summary>
public sealed class FreeSpaceMap
{
    private readonly Dictionary<PhysicalVolume, List<PeSpan>> _free = new(ReferenceEqualityComparer.Instance);

    public FreeSpaceMap(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        var used = new Dictionary<PhysicalVolume, List<PeSpan>>(ReferenceEqualityComparer.Instance);
        foreach (PhysicalVolume pv in vg.PhysicalVolumes)
        {
            used[pv] = [];
        }
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            foreach (LvSegment seg in lv.Segments)
            {
                uint areaLength = AreaLength(seg);
                foreach (SegmentArea area in seg.AreaList)
                {
                    if (area is PvArea pa && used.TryGetValue(pa.Pv, out List<PeSpan>? list))
                    {
                        list.Add(new PeSpan(pa.StartExtent.Value, areaLength));
                    }
                }
            }
        }
        foreach ((PhysicalVolume pv, List<PeSpan> spans) in used)
        {
            _free[pv] = Complement(spans, pv.PeCount);
        }
    }

    /// <summary>The extents one area of a segment covers (the segment's length divided by its stripes).</summary>
    public static uint AreaLength(LvSegment seg)
    {
        ArgumentNullException.ThrowIfNull(seg);
        return seg is StripedSegment { StripeCount: > 1 } s ? seg.ExtentCount.Value / (uint)s.StripeCount : seg.ExtentCount.Value;
    }

    /// <summary>Free spans of a PV in PE order (empty for a PV not in the VG).</summary>
    public IReadOnlyList<PeSpan> FreeOn(PhysicalVolume pv) =>
        _free.TryGetValue(pv, out List<PeSpan>? spans) ? spans : [];

    /// <summary>Free spans of a candidate: its PV's free spans limited to its ranges, when it is allocatable.</summary>
    public List<PeSpan> FreeOn(PvCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if ((candidate.Pv.Status & PvStatus.Allocatable) == 0)
        {
            return [];
        }
        IReadOnlyList<PeSpan> free = FreeOn(candidate.Pv);
        if (candidate.Ranges is null)
        {
            return [.. free];
        }
        var parts = new List<PeSpan>();
        foreach (PeSpan span in free)
        {
            foreach (PeSpan range in candidate.Ranges)
            {
                PeSpan part = span.Intersect(range);
                if (part.Count > 0)
                {
                    parts.Add(part);
                }
            }
        }
        return Merge(parts);
    }

    /// <summary>Total free extents over candidates (ranges applied; give each PV once).</summary>
    public uint TotalFree(IEnumerable<PvCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        uint total = 0;
        foreach (PvCandidate c in candidates)
        {
            foreach (PeSpan s in FreeOn(c))
            {
                total += s.Count;
            }
        }
        return total;
    }

    /// <summary>Sorts spans and joins overlapping or touching ones.</summary>
    public static List<PeSpan> Merge(IEnumerable<PeSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var sorted = spans.Where(s => s.Count > 0).OrderBy(s => s.Start).ToList();
        var result = new List<PeSpan>();
        foreach (PeSpan s in sorted)
        {
            if (result.Count > 0 && result[^1].End >= s.Start)
            {
                PeSpan last = result[^1];
                result[^1] = new PeSpan(last.Start, Math.Max(last.End, s.End) - last.Start);
            }
            else
            {
                result.Add(s);
            }
        }
        return result;
    }

    /// <summary>Marks extents used.</summary>
    public void Take(PhysicalVolume pv, PeSpan span)
    {
        ArgumentNullException.ThrowIfNull(pv);
        List<PeSpan> free = _free[pv];
        int i = free.FindIndex(f => f.Start <= span.Start && span.End <= f.End);
        if (i < 0)
        {
            throw new InvalidOperationException($"extents {span} of {pv.Key} are not free");
        }
        PeSpan f = free[i];
        free.RemoveAt(i);
        if (span.End < f.End)
        {
            free.Insert(i, new PeSpan(span.End, f.End - span.End));
        }
        if (f.Start < span.Start)
        {
            free.Insert(i, new PeSpan(f.Start, span.Start - f.Start));
        }
    }

    private static List<PeSpan> Complement(List<PeSpan> used, uint peCount)
    {
        used.Sort((a, b) => a.Start.CompareTo(b.Start));
        var free = new List<PeSpan>();
        uint pos = 0;
        foreach (PeSpan u in used)
        {
            if (u.Start > pos)
            {
                free.Add(new PeSpan(pos, Math.Min(u.Start, peCount) - pos));
            }
            pos = Math.Max(pos, u.End);
        }
        if (pos < peCount)
        {
            free.Add(new PeSpan(pos, peCount - pos));
        }
        return free;
    }
}
