using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;

namespace SharpLvm.Operations.Lv;

/// <summary>
/// The images and the log of an old-style mirror that have failed: those on a missing PV (LVM2's partial LVs), and
/// for a live mirror also those its status reports not alive. <c>vgreduce --removemissing</c> asks about the PVs only
/// (LVM2's mirror_remove_missing); <c>lvconvert --repair</c> about both (LVM2's _lvconvert_mirrors_repair). One
/// decision, so the two commands never disagree on which part of a mirror is gone.
/// </summary>
public sealed record MirrorFailures(IReadOnlyList<LogicalVolume> Images, bool Log)
{
    public bool Any => Images.Count > 0 || Log;

    public static MirrorFailures Of(LoadedVg loaded, MirrorSegment top, IEnumerable<LogicalVolume>? deadImages = null, bool logDead = false)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(top);
        var dead = deadImages?.ToHashSet() ?? [];
        var images = top.AreaList.OfType<LvArea>().Select(a => a.Lv).Where(i => dead.Contains(i) || LvDisplay.IsPartial(loaded, i)).ToList();
        bool log = top.MirrorLog is { } l && (logDead || LvDisplay.IsPartial(loaded, l));
        return new(images, log);
    }
}
