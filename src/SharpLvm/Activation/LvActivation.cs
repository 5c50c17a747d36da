using SharpLvm.Config;
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
        Apply(ctx, vg, activate, host, output, options, v => [.. lvNames.Select(n => LvLookup.FindUserLv(v, n, activate ? "activate" : "deactivate"))]);
    }

    /// <summary>vgchange -a: every visible LV of the VG.</summary>
    public static void ChangeVg(SystemContext ctx, VgName vg, bool activate, IDeviceHost host, LvOutput output, ActivationOptions? options = null)
    {
        Apply(ctx, vg, activate, host, output, options, v => [.. v.LogicalVolumes.Where(l => l.IsVisible)]);
        output.Print($"{(activate ? CountActive(ctx, vg, host) : 0)} logical volume(s) in volume group \"{vg}\" now active");
    }

    private static void Apply(SystemContext ctx, VgName vg, bool activate, IDeviceHost host, LvOutput output, ActivationOptions? options,
        Func<VolumeGroup, List<LogicalVolume>> named)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        List<LogicalVolume> chosen = [];
        ActiveVgUpdate.Activate(ctx, vg, host, (v, live) =>
        {
            chosen = named(v);
            var ids = chosen.Select(l => l.Id).ToHashSet();
            var now = live.ActiveTopLvs(v);
            return activate ? now.Union(chosen) : now.Where(l => !ids.Contains(l.Id));
        }, options);
        if (activate)
        {
            LiveMirrorConvert.FinishPending(ctx, vg, chosen, host, output, options);
        }
    }

    private static int CountActive(SystemContext ctx, VgName vg, IDeviceHost host)
    {
        var loaded = VgTransaction.Read(ctx, vg);
        return LiveVgDevices.Read(host, loaded.Vg).ActiveTopLvs(loaded.Vg).Count;
    }
}
