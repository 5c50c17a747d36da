using SharpLvm.Allocation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Activation;

/// <summary>
/// <c>lvconvert --repair</c> of an old-style mirror, as LVM2's <c>_lvconvert_mirrors_repair</c>: an image or the log
/// has failed when the live mirror reports it not alive (<see cref="MirrorHealth"/>, LVM2's transient check: the PV
/// may be present) or when its PV is missing. With nothing failed: "Volume … is consistent. Nothing to repair." Else
/// the failed images are removed (legs on their PVs first) and a failed log is dropped (core log), live through
/// <see cref="LiveMirrorConvert"/>; the remaining legs hold every acknowledged write, because a region written while
/// a leg failed is written to the surviving legs and left out of sync. With <c>-y</c> (LVM2's prompt answered yes)
/// the images and log are then replaced by an up-convert, which resyncs the new legs.
/// </summary>
public static class LiveMirrorRepair
{
    public static void Repair(SystemContext ctx, VgName vg, string lvName, bool replace, IDeviceHost host, LvOutput output,
        ActivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        LoadedVg loaded = VgTransaction.Read(ctx, vg);
        LogicalVolume lv = LvLookup.FindUserLv(loaded.Vg, lvName, "repair");
        if (lv.Segments is not [MirrorSegment { MirrorCount: > 1 } top])
        {
            throw new StorageException(ErrorCode.Unsupported, $"Logical volume {vg}/{lvName} is not a mirror: --repair works on mirrors only.");
        }
        MirrorHealth? live = MirrorHealth.Read(host, loaded.Vg, lv);
        var images = top.AreaList.OfType<LvArea>().Select(a => a.Lv).ToList();
        MirrorFailures failures = MirrorFailures.Of(loaded, top, live?.FailedImages, live?.LogFailed ?? false);
        var failed = failures.Images;
        bool logFailed = failures.Log;
        if (!failures.Any)
        {
            output.Print($"Volume {vg}/{lvName} is consistent. Nothing to repair.");
            return;
        }
        int original = images.Count;
        if (failed.Count == original)
        {
            throw new StorageException(ErrorCode.IoError, $"No usable images left in {vg}/{lvName}.",
                "Every image failed: bring a leg's device back and run `lvchange --refresh`.");
        }
        if (failed.Count > 0)
        {
            output.Print($"Mirror status: {failed.Count} of {original} images failed.");
        }
        if (logFailed)
        {
            output.Print("Mirror log status: 1 of 1 images failed.");
        }
        var failedPvs = failed.SelectMany(LvLayout.PvsOf).Distinct().Select(pv => new PvCandidate(pv)).ToList();
        var removal = new LvConvertMirrorRequest
        {
            Mirrors = failed.Count,
            Sign = failed.Count > 0 ? SizeSign.Minus : SizeSign.Plus,
            TypeMirror = true,
            CoreLog = logFailed ? true : null,
            Pvs = failedPvs.Count > 0 ? failedPvs : null,
            Yes = true,
        };
        var scratch = new LvOutput();
        LiveMirrorConvert.Convert(ctx, vg, lvName, removal, host, scratch, options, handlesMissingPvs: true);
        output.Warnings.AddRange(scratch.Warnings);
        if (!replace)
        {
            output.Print($"Logical volume {vg}/{lvName} converted.");
            return;
        }
        output.Warn($"WARNING: Trying to up-convert to {original} images, {(top.MirrorLog is null ? 0 : 1)} logs.");
        var replacement = new LvConvertMirrorRequest
        {
            Mirrors = failed.Count,
            Sign = SizeSign.Plus,
            TypeMirror = true,
            CoreLog = top.MirrorLog is null,
            Yes = true,
        };
        scratch = new LvOutput();
        LiveMirrorConvert.Convert(ctx, vg, lvName, replacement, host, scratch, options, handlesMissingPvs: true);
        output.Warnings.AddRange(scratch.Warnings);
        output.Info.AddRange(scratch.Info);
    }
}
