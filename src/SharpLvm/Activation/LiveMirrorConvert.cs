using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Activation;

/// <summary>
/// lvconvert on a mirror that may be active. The metadata change is <see cref="LvConvertMirror"/>'s (an up-convert
/// of a disk-log mirror inserts <c>lv_mimagetmp_N</c>); it goes live through <see cref="ActiveVgUpdate"/>. When new
/// legs must resync, the command waits for the top mirror's sync (progress through
/// <see cref="ActivationOptions.SyncProgress"/>) and then collapses the layer in a second update. The same finish
/// runs on activation for a conversion left pending in the metadata (e.g. written by LVM2 on an inactive LV).
/// </summary>
public static class LiveMirrorConvert
{
    /// <summary>
    /// lvconvert -m on an LV that may be active. <paramref name="handlesMissingPvs"/>: the VG may have missing PVs
    /// (lvconvert --repair, which removes the images on them).
    /// </summary>
    public static void Convert(SystemContext ctx, VgName vg, string lvName, LvConvertMirrorRequest request, IDeviceHost host,
        LvOutput output, ActivationOptions? options = null, bool handlesMissingPvs = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        options ??= ActivationOptions.Default;
        var scratch = new LvOutput();
        bool active = ActiveVgUpdate.Run(ctx, vg, host, (tx, live) =>
        {
            bool isActive = live.Of(tx.Vg, LvLookup.Find(tx.Vg, lvName)) is not null;
            LvConvertMirror.Apply(tx.Vg, lvName, request, new LvFactory(ctx.Time), scratch);
            return isActive;
        }, options: options, handlesMissingPvs: handlesMissingPvs);
        output.Warnings.AddRange(scratch.Warnings);
        if (!active)
        {
            output.Info.AddRange(scratch.Info);
            return;
        }
        if (scratch.Info.Exists(l => l.EndsWith("being converted.", StringComparison.Ordinal)))
        {
            output.Print($"Logical volume {vg}/{lvName} being converted.");
            Finish(ctx, vg, lvName, host, output, options, handlesMissingPvs);
        }
        else
        {
            output.Print($"Logical volume {vg}/{lvName} converted.");
        }
    }

    /// <summary>
    /// Waits until the LV's mirror is in sync, then collapses any temporary layer (a second metadata update).
    /// Returns false when the wait timed out (the conversion stays pending and completes on a later activation).
    /// </summary>
    public static bool Finish(SystemContext ctx, VgName vg, string lvName, IDeviceHost host, LvOutput output, ActivationOptions? options = null,
        bool handlesMissingPvs = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        options ??= ActivationOptions.Default;
        var name = LvDmNames.Name(vg.Value, lvName);
        options.Write(DmLogLevel.Verbose, $"Waiting for {vg}/{lvName} to resync.");
        if (!host.WaitForSync(name, options.SyncTimeout, options.SyncProgress))
        {
            output.Warn($"Logical volume {vg}/{lvName} is not in sync after {options.SyncTimeout}: the conversion stays pending.");
            return false;
        }
        if (IsConverting(LvLookup.Find(VgTransaction.Read(ctx, vg).Vg, lvName)))
        {
            int collapsed = ActiveVgUpdate.Run(ctx, vg, host, (tx, _) => MirrorCollapse.Apply(tx.Vg, LvLookup.Find(tx.Vg, lvName)), options: options,
                handlesMissingPvs: handlesMissingPvs);
            options.Write(DmLogLevel.Verbose, $"Collapsed {collapsed} temporary mirror layer(s) of {vg}/{lvName}.");
        }
        output.Print($"Logical volume {vg}/{lvName} converted.");
        return true;
    }

    /// <summary>True when the LV's metadata holds a conversion waiting for its collapse (a temporary layer as first leg).</summary>
    public static bool IsConverting(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        return lv.Segments is [MirrorSegment top] && LvConvertMirror.IsConverting(top);
    }

    /// <summary>Finishes every active LV of <paramref name="lvs"/> whose metadata holds a pending conversion.</summary>
    public static void FinishPending(SystemContext ctx, VgName vg, IEnumerable<LogicalVolume> lvs, IDeviceHost host, LvOutput output, ActivationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(lvs);
        foreach (LogicalVolume lv in lvs)
        {
            if (IsConverting(lv))
            {
                if (!Finish(ctx, vg, lv.Name.Value, host, output, options))
                {
                    throw new StorageException(ErrorCode.InvalidState, $"Logical volume {vg}/{lv.Name} did not resync in time.");
                }
            }
        }
    }
}
