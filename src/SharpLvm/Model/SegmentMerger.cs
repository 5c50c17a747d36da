namespace SharpLvm.Model;

/// <summary>
/// LVM2's lv_merge_segments: adjacent striped segments that continue each other on the same PVs (same
/// stripe count and size, equal tags) become one. LVM2 does this on every import "in case someone has been
/// editing things by hand", and after allocation. LVs under a pvmove (LOCKED/PVMOVE) are left alone.
/// </summary>
public static class SegmentMerger
{
    /// <summary>Merges the segments of one LV in place; returns how many merges were made.</summary>
    public static int MergeAdjacent(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        if ((lv.Status & (LvStatus.Locked | LvStatus.PvMove)) != 0)
        {
            return 0;
        }
        int merged = 0;
        for (int i = lv.Segments.Count - 1; i > 0; i--)
        {
            if (lv.Segments[i - 1] is StripedSegment first && lv.Segments[i] is StripedSegment second && Compatible(first, second))
            {
                first.ExtentCount += second.ExtentCount;
                lv.Segments.RemoveAt(i);
                merged++;
            }
        }
        return merged;
    }

    /// <summary>Merges every LV of the VG except mirror legs of a locked or pvmove mirror.</summary>
    public static int MergeAdjacent(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        var frozen = new HashSet<LogicalVolume>(ReferenceEqualityComparer.Instance);
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            if ((lv.Status & (LvStatus.Locked | LvStatus.PvMove)) == 0)
            {
                continue;
            }
            foreach (LvSegment seg in lv.Segments)
            {
                if (seg is MirrorSegment mirror)
                {
                    foreach (SegmentArea area in mirror.Areas)
                    {
                        if (area is LvArea la)
                        {
                            frozen.Add(la.Lv);
                        }
                    }
                }
            }
        }
        int merged = 0;
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            if (!frozen.Contains(lv))
            {
                merged += MergeAdjacent(lv);
            }
        }
        return merged;
    }

    private static bool Compatible(StripedSegment first, StripedSegment second)
    {
        if (first.StripeCount != second.StripeCount || first.StripeSize != second.StripeSize || first.StripeCount == 0)
        {
            return false;
        }
        uint width = first.ExtentCount.Value / (uint)first.StripeCount;
        for (int s = 0; s < first.StripeCount; s++)
        {
            if (first.Areas[s] is not PvArea a || second.Areas[s] is not PvArea b
                || !ReferenceEquals(a.Pv, b.Pv) || (ulong)a.StartExtent.Value + width != b.StartExtent.Value)
            {
                return false;
            }
        }
        return first.Tags.SequenceEqual(second.Tags, StringComparer.Ordinal);
    }
}
