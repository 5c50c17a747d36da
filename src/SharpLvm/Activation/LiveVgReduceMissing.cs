using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Vg;

namespace SharpLvm.Activation;

/// <summary>
/// <c>vgreduce --removemissing --force</c> while LVs of the VG may be active, as LVM2's _make_vg_consistent does it
/// live: a partial mirror loses its images and log on missing PVs and keeps running on the legs left (its tables are
/// reloaded), any other partial LV is deactivated and removed (refused while open: "in use"), and the missing PVs
/// leave the VG. One staged change through <see cref="ActiveVgUpdate"/>: the devices change with the metadata, the
/// checker proves the plan, and a failure leaves the old metadata and tables. LVM2 commits once per LV here; we
/// commit once, so a crash leaves the VG either as it was or wholly repaired.
/// </summary>
public static class LiveVgReduceMissing
{
    public static IReadOnlyList<string> Run(SystemContext ctx, VgName vg, bool mirrorsOnly, IDeviceHost host, ActivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        if (VgTransaction.Read(ctx, vg).MissingPvCount == 0)
        {
            // Nothing to repair: the metadata command says so and writes nothing.
            return VgReduceMissing.Run(ctx, vg.Value, force: true, mirrorsOnly, test: false);
        }
        Action<string> warn = ctx.Warn ?? (_ => { });
        return ActiveVgUpdate.Run(ctx, vg, host, (tx, live) =>
        {
            IReadOnlyList<string> lines = VgReduceMissing.ApplyForce(tx.Loaded, mirrorsOnly, warn);
            foreach (LogicalVolume gone in tx.Committed.LogicalVolumes.Where(lv => lv.IsVisible && tx.Vg.FindLv(lv.Name.Value) is null))
            {
                if (live.Of(tx.Committed, gone) is { OpenCount: > 0 })
                {
                    throw new StorageException(ErrorCode.Busy, $"Logical volume {vg}/{gone.Name} in use.",
                        "Close it (stop what uses it: an NBD client, a mount), then run vgreduce --removemissing --force again.");
                }
            }
            return lines;
        }, options: options, handlesMissingPvs: true);
    }
}
