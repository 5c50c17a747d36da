using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>
/// LVM2's removal of mirror images and of a disk log (<c>lvconvert -m-N</c>, <c>-m0</c>, <c>--mirrorlog core</c>), commit
/// by commit as LVM2 2.03 writes them with activation off. A pass reshapes the top mirror: the removed legs and the
/// dropped log become visible LVs that keep their extents; when one leg is left, that leg's LV (or the
/// <c>_mimagetmp_N</c> layer of a converting mirror) hands its segments up to the top and keeps an error segment. The
/// reshaped VG is committed twice, then each of those LVs is removed with a commit of its own: the removed legs last to
/// first, the layer, the log. More legs than a converting mirror's top holds go in two passes (LVM2's
/// remove_mirror_images); the first pass's dropped log is only removed with the second pass's reshape, as LVM2 does.
/// </summary>
internal sealed class MirrorImageRemoval
{
    private readonly VolumeGroup _vg;
    private readonly LogicalVolume _lv;
    private readonly Action? _commit;
    private readonly List<LogicalVolume> _lingering = [];
    private bool _started;

    private MirrorImageRemoval(VolumeGroup vg, LogicalVolume lv, Action? commit)
    {
        _vg = vg;
        _lv = lv;
        _commit = commit;
    }

    /// <summary>
    /// Removes <paramref name="count"/> images of <paramref name="lv"/> (legs on <paramref name="pvs"/> first) and, when
    /// <paramref name="removeLog"/>, its disk log. <paramref name="commit"/> is LVM2's intermediate vg_write + vg_commit;
    /// the state after the last step is left for the caller's commit.
    /// </summary>
    public static void Remove(VolumeGroup vg, LogicalVolume lv, int count, bool removeLog, IReadOnlyList<PvCandidate>? pvs, Action? commit)
    {
        var removal = new MirrorImageRemoval(vg, lv, commit);
        do
        {
            var top = (MirrorSegment)lv.Segments[0];
            int once = Math.Min(count, top.Areas.Count - 1);
            removal.Pass(top, once, removeLog, pvs);
            count -= once;
        }
        while (count > 0);
        foreach (LogicalVolume log in removal._lingering)
        {
            removal.Step();
            vg.LogicalVolumes.Remove(log);
        }
    }

    /// <summary>LVM2's lv_mirror_count: the top's legs, plus the legs of a temporary mirror layer beyond its first.</summary>
    public static int ImageCount(MirrorSegment top)
    {
        ArgumentNullException.ThrowIfNull(top);
        int count = top.Areas.Count;
        foreach (SegmentArea area in top.Areas)
        {
            if (area is LvArea { Lv.Segments: [MirrorSegment layer] })
            {
                count += ImageCount(layer) - 1;
            }
        }
        return count;
    }

    // Commits what the previous step changed (nothing before the first step).
    private void Step()
    {
        if (_started)
        {
            _commit?.Invoke();
        }
        _started = true;
    }

    private void Pass(MirrorSegment top, int count, bool removeLog, IReadOnlyList<PvCandidate>? pvs)
    {
        Step();
        _lingering.ForEach(log => _vg.LogicalVolumes.Remove(log));
        _lingering.Clear();
        List<LogicalVolume> orphans = TakeLegs(top, count, pvs);
        LogicalVolume? layer = null;
        LogicalVolume? log = null;
        if (top.Areas.Count == 1)
        {
            layer = LegLv(top.Areas[0]);
            log = Detach(top);
            Extents length = layer.ExtentCount;
            _lv.Segments.Clear();
            _lv.Segments.AddRange(layer.Segments);
            layer.Segments.Clear();
            layer.Segments.Add(new ErrorSegment(Extents.Zero, length));
            Show(layer);
            if (removeLog && _lv.Segments is [MirrorSegment collapsed] && Detach(collapsed) is { } layerLog)
            {
                _lingering.Add(layerLog);
            }
        }
        else if (removeLog)
        {
            log = Detach(top);
        }
        Step();
        var doomed = orphans.AsEnumerable().Reverse().ToList();
        if (layer is not null)
        {
            doomed.Add(layer);
        }
        if (log is not null)
        {
            doomed.Add(log);
        }
        foreach (LogicalVolume lv in doomed)
        {
            // LVM2 writes the reshaped VG once more before the first removal.
            Step();
            _vg.LogicalVolumes.Remove(lv);
        }
    }

    // LVM2's _shift_mirror_images: legs wholly on the given PVs move to the end (keeping their order), the last go.
    private List<LogicalVolume> TakeLegs(MirrorSegment top, int count, IReadOnlyList<PvCandidate>? pvs)
    {
        var preferred = pvs is null ? null : new HashSet<PhysicalVolume>(pvs.Select(c => c.Pv), ReferenceEqualityComparer.Instance);
        bool Removable(SegmentArea area) =>
            preferred is null || (area is LvArea { Lv: var leg } && !MirrorImageRemoval.IsLayer(leg) && LvLayout.PvsOf(leg).IsSubsetOf(preferred));
        var ordered = top.Areas.Where(a => !Removable(a)).Concat(top.Areas.Where(Removable)).ToList();
        top.Areas.Clear();
        top.Areas.AddRange(ordered);
        var orphans = top.Areas.Skip(top.Areas.Count - count).Select(LegLv).ToList();
        top.Areas.RemoveRange(top.Areas.Count - count, count);
        orphans.ForEach(Show);
        return orphans;
    }

    private static bool IsLayer(LogicalVolume leg) => leg.Segments.Exists(s => s is MirrorSegment);

    private LogicalVolume LegLv(SegmentArea area) => area is LvArea la ? la.Lv
        : throw new StorageException(ErrorCode.Unsupported, $"Mirror {_vg.Name}/{_lv.Name} has a leg that is not a logical volume; it cannot be reduced here.");

    private static LogicalVolume? Detach(MirrorSegment mirror)
    {
        LogicalVolume? log = mirror.MirrorLog;
        mirror.MirrorLog = null;
        if (log is not null)
        {
            Show(log);
        }
        return log;
    }

    private static void Show(LogicalVolume lv) => lv.Status |= LvStatus.Visible;
}
