using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;
using SharpLvm.Operations;

namespace SharpLvm.Activation;

/// <summary>
/// Recovery of an update that stopped between precommit and commit (a crash): when it left devices suspended (it
/// stopped between its suspend and resume walks) and its precommit is whole, the precommit is committed, then their
/// resume walk is finished (<see cref="InterruptedUpdate"/>), the update's own order; otherwise suspended devices get
/// their resume walk finished first; then, when the live tables are the
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
        VolumeGroup? pending = VgTransaction.ReadPrecommitted(ctx, tx.Loaded);
        if (pending is not null && LiveVgDevices.Read(host, tx.Vg).Devices.Any(d => d.Suspended) && Whole(ctx, tx, pending))
        {
            // The dead command stopped between its suspend and resume walks, where it commits: the commit comes before
            // any of its devices resumes, or a machine crash in the resume walk would come back with the old metadata
            // under writes the application saw acknowledged in the new layout (an lvextend's new extent).
            options.Write(DmLogLevel.Warning, $"WARNING: VG {vgName}: committing precommitted metadata seqno {pending.Seqno}: its devices wait suspended for it.");
            VgTransaction.ResolvePrecommitted(ctx, tx.Loaded, commit: true);
            InterruptedUpdate.Finish(host, tx.Vg, options);
            return true;
        }
        InterruptedUpdate.Finish(host, tx.Vg, options);
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

    /// <summary>True when the precommit was written on every area before the command stopped (or its commit was under way).</summary>
    private static bool Whole(SystemContext ctx, StagedVgChange tx, VolumeGroup pending)
    {
        try
        {
            return pending.Seqno == tx.Vg.Seqno || VgTransaction.HeldEverywhere(ctx, tx.Loaded, pending.Seqno);
        }
        catch (DeviceMapper.Errors.StorageException)
        {
            return false;
        }
    }

    private static Func<PhysicalVolume, DeviceMapper.Names.DeviceNumber> PvNumbers(IDeviceHost host, StagedVgChange tx, VolumeGroup pending) => pv =>
    {
        var same = tx.Vg.FindPv(pv.Id) ?? throw new DeviceMapper.Errors.StorageException(DeviceMapper.Errors.ErrorCode.NotFound, $"PV {pv.Id} is not in the committed VG.");
        return ActiveVgUpdate.PvNumbers(host, tx)(same);
    };
}
