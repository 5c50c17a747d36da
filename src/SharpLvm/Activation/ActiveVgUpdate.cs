using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;
using SharpLvm.Operations;

namespace SharpLvm.Activation;

/// <summary>Chooses the LVs to be active after a change: from the new VG and what is live now.</summary>
public delegate IEnumerable<LogicalVolume> ActiveSelector(VolumeGroup vg, LiveVgDevices live);

/// <summary>
/// The one way a command changes a VG that may have active LVs:
/// <list type="number">
/// <item>recover a precommit left by a crash (<see cref="ActiveVgRecovery"/>);</item>
/// <item>change the model, write the new metadata and precommit it (slot 1);</item>
/// <item>plan old live state → new desired state; the planner's safety checker refuses any violation;</item>
/// <item>run the plan up to its resume walk: preload (new tables into inactive slots, devices leaving a stack get
/// their error table), suspend top-down;</item>
/// <item>commit the metadata (slot 0), as LVM2 does between suspend and resume;</item>
/// <item>resume bottom-up (leaving devices before their former parents), remove leftovers.</item>
/// </list>
/// No I/O reaches the new layout before the new metadata is committed: a machine that dies at any point comes back
/// with metadata whose tables hold every write the application saw acknowledged (a commit after the resume lost
/// the writes into a new extent, and a leg dropped from the mirror but still in the metadata came back stale). The
/// metadata written while devices are suspended goes to the VG's PVs, which are never devices of the VG being
/// suspended. A command that dies between precommit and commit is settled by the next one
/// (<see cref="ActiveVgRecovery"/>: suspended devices get their resume walk finished and the precommit rolls
/// forward; with nothing suspended, it rolls forward only when the live tables already use it). A failure before
/// the commit reverts the tables, drops the precommit (the old seqno stays committed) and plans the live state back
/// to the old metadata; a failure in the resume walk (after the commit) finishes it as the recovery would.
/// </summary>
public static class ActiveVgUpdate
{
    /// <summary>The default selector: the visible LVs that have a device now stay active.</summary>
    public static IEnumerable<LogicalVolume> KeepActive(VolumeGroup vg, LiveVgDevices live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return live.ActiveTopLvs(vg);
    }

    /// <summary>
    /// Changes the VG's metadata and its live devices together; returns what <paramref name="change"/> returns.
    /// <paramref name="handlesMissingPvs"/>: the change is one LVM2 allows on a VG with missing PVs (lvremove); their
    /// areas in LVs that stay active map to error devices, as partial activation maps them.
    /// </summary>
    public static T Run<T>(SystemContext ctx, VgName vgName, IDeviceHost host, Func<StagedVgChange, LiveVgDevices, T> change,
        ActiveSelector? activeAfter = null, ActivationOptions? options = null, bool handlesMissingPvs = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(change);
        options ??= ActivationOptions.Default;
        activeAfter ??= KeepActive;
        ActiveVgRecovery.Recover(ctx, vgName, host, options);
        using StagedVgChange tx = VgTransaction.Begin(ctx, vgName, handlesMissingPvs);
        var live = LiveVgDevices.Read(host, tx.Committed);
        var activeBefore = live.ActiveTopLvs(tx.Committed);
        T result = change(tx, live);
        tx.Vg.UpdateDerived();
        var active = activeAfter(tx.Vg, live).ToList();
        Func<PhysicalVolume, bool>? missing = tx.Loaded.MissingPvCount > 0 ? tx.Loaded.IsMissing : null;
        DesiredState desired = VgDesiredState.Build(tx.Vg, active, PvNumbers(host, tx), live, missing);
        tx.Precommit();
        options.Write(DmLogLevel.Verbose, $"Precommitted VG {tx.Vg.Name} metadata seqno {tx.Vg.Seqno}.");
        options.CrashAt?.Invoke(UpdatePoint.Precommitted);
        bool committed = false;
        try
        {
            Execute(host, desired, options, beforeResume: () =>
            {
                options.CrashAt?.Invoke(UpdatePoint.Suspended);
                tx.Commit();
                committed = true;
                options.Write(DmLogLevel.Verbose, $"Committed VG {tx.Vg.Name} metadata seqno {tx.Vg.Seqno}.");
            });
        }
        catch (StorageException) when (!committed)
        {
            tx.Revert();
            options.Write(DmLogLevel.Verbose, $"Reverted VG {tx.Vg.Name} metadata to seqno {tx.Committed.Seqno}.");
            RestoreLive(host, tx, activeBefore, options);
            throw;
        }
        catch (StorageException e)
        {
            options.Write(DmLogLevel.Warning, $"WARNING: VG {tx.Vg.Name}: the resume after committing seqno {tx.Vg.Seqno} failed: {e.Message}");
            FinishResume(host, tx.Vg, options);
            throw;
        }
        return result;
    }

    /// <summary>Activation without a metadata change (lvchange/vgchange -a): the live state is planned to the committed metadata.</summary>
    public static void Activate(SystemContext ctx, VgName vgName, IDeviceHost host, ActiveSelector activeAfter, ActivationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(activeAfter);
        options ??= ActivationOptions.Default;
        ActiveVgRecovery.Recover(ctx, vgName, host, options);
        using StagedVgChange tx = VgTransaction.Begin(ctx, vgName, handlesMissingPvs: true);
        var live = LiveVgDevices.Read(host, tx.Vg);
        // Which partial LVs may activate is the caller's choice (PartialActivation); their missing areas map to error devices.
        Func<PhysicalVolume, bool>? missing = tx.Loaded.MissingPvCount > 0 ? tx.Loaded.IsMissing : null;
        Execute(host, VgDesiredState.Build(tx.Vg, activeAfter(tx.Vg, live).ToList(), PvNumbers(host, tx), live, missing), options);
    }

    internal static Func<PhysicalVolume, DeviceNumber> PvNumbers(IDeviceHost host, StagedVgChange tx) => pv =>
        host.Attach(tx.Update.PathOf(pv) ?? throw new StorageException(ErrorCode.NotFound, $"PV {pv.Id} of VG {tx.Vg.Name} has no device."));

    /// <summary>
    /// Plans (the checker refuses an unsafe plan) and runs the plan, logging each step; <paramref name="beforeResume"/>
    /// runs between the suspend walk and the resume walk (after everything when the plan resumes nothing).
    /// </summary>
    internal static Plan Execute(IDeviceHost host, DesiredState desired, ActivationOptions options, Action? beforeResume = null)
    {
        Plan plan = Planner.Plan(host, desired, new PlannerOptions { Log = options.Log is null ? null : options.Write });
        var executor = new PlanExecutor(host, options.Log is null ? null : options.Write, options.Level);
        if (beforeResume is null)
        {
            executor.Execute(plan);
            return plan;
        }
        if (!plan.Safety.IsSafe)
        {
            throw new StorageException(ErrorCode.Unsafe, $"Refusing to execute an unsafe plan: {plan.Safety.Errors.First()}");
        }
        int split = 0;
        while (split < plan.Steps.Count && plan.Steps[split].Phase != PlanPhase.Resume)
        {
            split++;
        }
        executor.Execute([.. plan.Steps.Take(split)]);
        beforeResume();
        executor.Execute([.. plan.Steps.Skip(split)]);
        return plan;
    }

    /// <summary>After a resume walk failed behind a commit: best effort to finish it (the next command retries).</summary>
    private static void FinishResume(IDeviceHost host, VolumeGroup vg, ActivationOptions options)
    {
        try
        {
            InterruptedUpdate.Finish(host, vg, options);
        }
        catch (StorageException e)
        {
            options.Write(DmLogLevel.Warning, $"WARNING: Could not finish resuming the devices of VG {vg.Name}: {e.Message}");
        }
    }

    /// <summary>After a failed update: plans the live state back to the committed (old) metadata, best effort.</summary>
    private static void RestoreLive(IDeviceHost host, StagedVgChange tx, IReadOnlyList<LogicalVolume> activeBefore, ActivationOptions options)
    {
        try
        {
            var live = LiveVgDevices.Read(host, tx.Committed);
            var ids = activeBefore.Select(l => l.Id).ToHashSet();
            var desired = VgDesiredState.Build(tx.Committed, tx.Committed.LogicalVolumes.Where(l => ids.Contains(l.Id)), PvNumbers(host, tx), live);
            Execute(host, desired, options);
        }
        catch (StorageException e)
        {
            options.Write(DmLogLevel.Warning, $"WARNING: Could not restore the live devices of VG {tx.Vg.Name} to seqno {tx.Committed.Seqno}: {e.Message}");
        }
    }
}
