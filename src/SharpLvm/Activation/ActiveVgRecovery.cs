using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;
using SharpLvm.Operations;

namespace SharpLvm.Activation;

/// <summary>
/// Recovery of an update that stopped between precommit and commit (a crash): when the live tables are the
/// ones the precommitted metadata asks for (the resume had happened), the precommitted copy is committed
/// (rolled forward); otherwise it is dropped and the next plan brings the live state back to the committed copy.
/// </summary>
public static class ActiveVgRecovery
{
    /// <summary>Returns true when a precommitted copy was found and resolved.</summary>
    public static bool Recover(SystemContext ctx, VgName vgName, IDeviceHost host, ActivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        options ??= ActivationOptions.Default;
        // Activation of a VG with missing PVs (partial mode) passes through here too: reading it is allowed.
        using StagedVgChange tx = VgTransaction.Begin(ctx, vgName, handlesMissingPvs: true);
        VolumeGroup? pending = VgTransaction.ReadPrecommitted(ctx, tx.Loaded);
        if (pending is null)
        {
            return false;
        }
        pending.UpdateDerived();
        var live = LiveVgDevices.Read(host, pending);
        bool forward;
        try
        {
            var desired = VgDesiredState.Build(pending, live.ActiveTopLvs(pending), PvNumbers(host, tx, pending), live);
            forward = live.Any && Planner.Plan(host, desired, new PlannerOptions { RefuseUnsafe = false }).Steps.Count == 0;
        }
        catch (DeviceMapper.Errors.StorageException)
        {
            forward = false;
        }
        options.Write(DmLogLevel.Warning, forward
            ? $"WARNING: VG {vgName}: committing precommitted metadata seqno {pending.Seqno}: the live tables already use it."
            : $"WARNING: VG {vgName}: dropping precommitted metadata seqno {pending.Seqno}; seqno {tx.Vg.Seqno} stays committed.");
        VgTransaction.ResolvePrecommitted(ctx, tx.Loaded, forward);
        return true;
    }

    private static Func<PhysicalVolume, DeviceMapper.Names.DeviceNumber> PvNumbers(IDeviceHost host, StagedVgChange tx, VolumeGroup pending) => pv =>
    {
        var same = tx.Vg.FindPv(pv.Id) ?? throw new DeviceMapper.Errors.StorageException(DeviceMapper.Errors.ErrorCode.NotFound, $"PV {pv.Id} is not in the committed VG.");
        return ActiveVgUpdate.PvNumbers(host, tx)(same);
    };
}
