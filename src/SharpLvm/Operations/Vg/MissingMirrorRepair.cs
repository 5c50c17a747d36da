using SharpLvm.Allocation;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Operations.Vg;

/// <summary>
/// LVM2's mirror_remove_missing (used by <c>vgreduce --removemissing --force</c>): the images on missing PVs are removed
/// (a 2-leg mirror becomes linear, a 3-leg one a 2-leg mirror); the disk log goes too when it is on a missing PV or when
/// the result is no mirror (LVM2 keeps no log for one leg). When no image is left, the whole LV is removed ("No usable
/// images left"). The removal commits as <c>lvconvert -m-N</c> does (<see cref="MirrorImageRemoval"/>), then once more
/// (LVM2's lv_update_and_reload).
/// </summary>
internal static class MissingMirrorRepair
{
    /// <summary>Repairs <paramref name="lv"/>; false when no image or log of it is missing (it is partial for another reason).</summary>
    public static bool Apply(LoadedVg loaded, LogicalVolume lv, Action? commit, Action<string> warn, List<string> lines)
    {
        VolumeGroup vg = loaded.Vg;
        var top = (MirrorSegment)lv.Segments[0];
        int images = MirrorImageRemoval.ImageCount(top);
        MirrorFailures failures = MirrorFailures.Of(loaded, top);
        if (!failures.Any)
        {
            return false;
        }
        int failed = failures.Images.Count;
        bool logFailed = failures.Log;
        if (failed == images)
        {
            warn($"No usable images left in {vg.Name}/{lv.Name}.");
            VgReduceMissing.RemoveLv(vg, lv, commit, lines);
            return true;
        }
        int logCount = top.MirrorLog is not null && !logFailed ? 1 : 0;
        if (failed + 1 >= images)
        {
            logCount = 0; // no point in keeping a log when the result is not a mirror
        }
        IReadOnlyList<PvCandidate> missing = [.. vg.PhysicalVolumes.Where(loaded.IsMissing).Select(pv => new PvCandidate(pv))];
        bool removeLog = logCount == 0 && top.MirrorLog is not null;
        MirrorImageRemoval.Remove(vg, lv, failed, removeLog, missing, commit);
        commit?.Invoke();
        vg.UpdateDerived();
        return true;
    }
}
