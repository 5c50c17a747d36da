using SharpLvm.Config;
using SharpLvm.Metadata;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Activation;

/// <summary>
/// <c>lvchange -ay|-an</c> and <c>vgchange -ay|-an</c>: the named LVs (or all visible LVs of the VG) join or leave
/// the active set; the live state is planned to the committed metadata. After activation, a conversion pending in
/// the metadata completes (resync, then the layer's collapse).
/// </summary>
public static class LvActivation
{
    /// <summary>lvchange -a: <paramref name="lvNames"/> of one VG.</summary>
    public static void Change(SystemContext ctx, VgName vg, IReadOnlyList<string> lvNames, bool activate, IDeviceHost host,
        LvOutput output, ActivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lvNames);
        Fail(Apply(ctx, vg, activate, host, output, options, v => [.. lvNames.Select(n => LvLookup.FindUserLv(v, n, activate ? "activate" : "deactivate"))]), output);
    }

    /// <summary>vgchange -a: every visible LV of the VG.</summary>
    public static void ChangeVg(SystemContext ctx, VgName vg, bool activate, IDeviceHost host, LvOutput output, ActivationOptions? options = null)
    {
        var refusals = Apply(ctx, vg, activate, host, output, options, v => [.. v.LogicalVolumes.Where(l => l.IsVisible)]);
        output.Print($"{(activate ? CountActive(ctx, vg, host) : 0)} logical volume(s) in volume group \"{vg}\" now active");
        Fail(refusals, output);
    }

    private static List<DeviceMapper.Errors.StorageException> Apply(SystemContext ctx, VgName vg, bool activate, IDeviceHost host, LvOutput output, ActivationOptions? options,
        Func<VolumeGroup, List<LogicalVolume>> named)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        options ??= ActivationOptions.Default;
        List<LogicalVolume> chosen = [];
        List<LogicalVolume> refused = [];
        LoadedVg? partial = activate ? VgTransaction.Read(ctx, vg) is { MissingPvCount: > 0 } l ? l : null : null;
        ActiveVgUpdate.Activate(ctx, vg, host, (v, live) =>
        {
            chosen = named(v);
            if (partial is not null)
            {
                // LVM2 activates what does not touch a missing PV and refuses each partial LV (unless partial mode).
                var refusedIds = PartialActivation.Refused(partial, named(partial.Vg), options).Select(x => x.Id).ToHashSet();
                refused = [.. chosen.Where(x => refusedIds.Contains(x.Id))];
                chosen = [.. chosen.Where(x => !refusedIds.Contains(x.Id))];
            }
            var ids = chosen.Select(l => l.Id).ToHashSet();
            var now = live.ActiveTopLvs(v);
            return activate ? now.Union(chosen) : now.Where(l => !ids.Contains(l.Id));
        }, options);
        if (activate)
        {
            LiveMirrorConvert.FinishPending(ctx, vg, chosen, host, output, options);
        }
        return [.. refused.Select(lv => PartialActivation.Refusal(partial!.Vg, lv))];
    }

    // Each refusal but the last is printed; the last fails the command (exit 5), as LVM2 reports each and fails.
    private static void Fail(IReadOnlyList<DeviceMapper.Errors.StorageException> refusals, LvOutput output)
    {
        if (refusals.Count > 0)
        {
            refusals.Take(refusals.Count - 1).ToList().ForEach(e => output.Warn(e.Message));
            throw refusals[^1];
        }
    }

    private static int CountActive(SystemContext ctx, VgName vg, IDeviceHost host)
    {
        var loaded = VgTransaction.Read(ctx, vg);
        return LiveVgDevices.Read(host, loaded.Vg).ActiveTopLvs(loaded.Vg).Count;
    }
}
