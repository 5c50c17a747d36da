using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Activation;

/// <summary>
/// <c>lvchange --refresh</c> (LVM2's <c>lv_refresh</c>: <c>suspend_lv</c> then <c>resume_lv</c> with the committed
/// metadata). First the live state is planned to the committed metadata, so a device whose live table differs (a
/// mirror leg someone gave an error table) gets its table back; identical reloads are suppressed, as libdm does, so
/// a mirror keeps its table and with it the leg errors and the default leg it moved to. Then every device of each
/// named active LV is suspended top-down (mirrors without flush) and resumed bottom-up. A mirror's resume re-reads
/// its log and recovers every region that is not in sync from the default leg to every other leg, the leg that
/// failed included; once all regions are in sync the legs' error marks are cleared (status back to <c>A</c>).
/// </summary>
public static class LiveLvRefresh
{
    public static void Refresh(SystemContext ctx, VgName vg, IReadOnlyList<string> lvNames, IDeviceHost host, LvOutput output,
        ActivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(lvNames);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        options ??= ActivationOptions.Default;
        ActiveVgRecovery.Recover(ctx, vg, host, options);
        using StagedVgChange tx = VgTransaction.Begin(ctx, vg);
        var named = lvNames.Select(n => LvLookup.FindUserLv(tx.Vg, n, "refresh")).ToList();
        var live = LiveVgDevices.Read(host, tx.Vg);
        var active = live.ActiveTopLvs(tx.Vg);
        ActiveVgUpdate.Execute(host, VgDesiredState.Build(tx.Vg, active, ActiveVgUpdate.PvNumbers(host, tx), live), options);
        foreach (LogicalVolume lv in named)
        {
            if (live.Of(tx.Vg, lv) is null)
            {
                options.Write(DmLogLevel.Verbose, $"Logical volume {vg}/{lv.Name} is not active: nothing to refresh.");
                continue;
            }
            SuspendAndResume(host, tx.Vg, lv, options);
        }
    }

    /// <summary>Suspends the LV's devices top-down and resumes them bottom-up; whatever was suspended is resumed even on a failure.</summary>
    internal static void SuspendAndResume(IDeviceHost host, VolumeGroup vg, LogicalVolume lv, ActivationOptions options)
    {
        var stack = VgDesiredState.Stack(lv);
        bool noFlush = stack.Exists(l => l.Segments.Exists(s => s is MirrorSegment));
        var names = stack.Select(l => LvDmNames.Name(vg.Name, l.Name)).Where(n => host.TryGetInfo(n) is { HasLiveTable: true }).ToList();
        var suspended = new List<DmName>();
        try
        {
            for (int i = names.Count - 1; i >= 0; i--)
            {
                options.Write(DmLogLevel.Verbose, $"Suspending {names[i]}{(noFlush ? " without device flush" : "")}.");
                host.Suspend(names[i], flush: !noFlush);
                suspended.Add(names[i]);
            }
        }
        finally
        {
            for (int i = suspended.Count - 1; i >= 0; i--)
            {
                options.Write(DmLogLevel.Verbose, $"Resuming {suspended[i]}.");
                host.Resume(suspended[i]);
            }
        }
    }
}
