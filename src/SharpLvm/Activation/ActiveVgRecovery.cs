using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;
using SharpLvm.Operations;

namespace SharpLvm.Activation;

/// <summary>
/// Recovery of an update that stopped between precommit and commit (a crash): devices it left suspended get
/// their resume walk finished first (<see cref="InterruptedUpdate"/>); then, when the live tables are the
/// ones the precommitted metadata asks for (the resume had happened; at most devices that left the stack wait
/// for their removal), the precommitted copy is committed (rolled forward); otherwise it is dropped and the next
/// plan brings the live state back to the committed copy. A precommit not written on every area yet is always
/// dropped; one already committed on some area (a crash during the commit) always goes forward.
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
        InterruptedUpdate.Finish(host, tx.Vg, options);
        VolumeGroup? pending = VgTransaction.ReadPrecommitted(ctx, tx.Loaded);
        if (pending is null)
        {
            return false;
        }
        pending.UpdateDerived();
        var live = LiveVgDevices.Read(host, pending);
        // A commit under way (some areas already hold this seqno committed) can only go forward.
        bool forward = pending.Seqno == tx.Vg.Seqno;
        try
        {
            var desired = VgDesiredState.Build(pending, live.ActiveTopLvs(pending), PvNumbers(host, tx, pending), live);
            forward |= live.Any && VgTransaction.HeldEverywhere(ctx, tx.Loaded, pending.Seqno) && InterruptedUpdate.OnlyLeftoversToRemove(host, Planner.Plan(host, desired, new PlannerOptions { RefuseUnsafe = false }));
        }
        catch (DeviceMapper.Errors.StorageException)
        {
            // The live state cannot be compared with the precommitted metadata: it is not live.
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
