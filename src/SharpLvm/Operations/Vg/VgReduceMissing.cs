using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>
/// <c>vgreduce --removemissing [--force] [--mirrorsonly] [--test]</c> as LVM2 2.03 does it (vgreduce.c). Without
/// --force: partial LVs are listed and the command fails, but the VG is still written once (the missing PVs flagged
/// MISSING), and the missing PVs leave it only when no LV uses them. With --force: each partial mirror loses its missing
/// images and log (<see cref="MissingMirrorRepair"/>), every other partial LV is removed (not with --mirrorsonly), each
/// change in commits of its own, then the missing PVs leave the VG in the final write.
/// </summary>
public static class VgReduceMissing
{
    private enum Outcome
    {
        AlreadyConsistent,
        Fixed,
        NotFixed,
    }

    public static IReadOnlyList<string> Run(SystemContext ctx, string vgName, bool force, bool mirrorsOnly, bool test)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        VgName name = VgNames.ParseExisting(vgName);
        Action<string> warn = ctx.Warn ?? (_ => { });
        var lines = new List<string>();
        Outcome outcome;
        if (test)
        {
            warn("TEST MODE: Metadata will NOT be updated and volumes will not be (de)activated.");
            LoadedVg loaded = VgTransaction.Read(ctx, name);
            outcome = Repair(loaded, null, force, mirrorsOnly, warn, lines);
        }
        else
        {
            outcome = VgTransaction.Edit(ctx, name, u =>
            {
                Outcome o = Repair(u.Loaded, u.CommitIntermediate, force, mirrorsOnly, warn, lines);
                if (o == Outcome.AlreadyConsistent)
                {
                    u.LeaveUnchanged();
                }
                return o;
            }, handlesMissingPvs: true);
        }
        switch (outcome)
        {
            case Outcome.AlreadyConsistent:
                lines.Add($"Volume group \"{name}\" is already consistent.");
                return lines;
            case Outcome.Fixed:
                lines.Add($"Wrote out consistent volume group {name}.");
                return lines;
            default:
                throw new StorageException(ErrorCode.InvalidState,
                    "To remove them unconditionally from mirror LVs use: vgreduce --removemissing --mirrorsonly --force.");
        }
    }

    /// <summary>
    /// The --force repair as one staged change, for a VG whose partial LVs may be active (the live command,
    /// <c>LiveVgReduceMissing</c>): the same steps in the same order, committed once with the live tables.
    /// </summary>
    public static IReadOnlyList<string> ApplyForce(LoadedVg loaded, bool mirrorsOnly, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(warn);
        var lines = new List<string>();
        MakeConsistent(loaded, null, mirrorsOnly, warn, lines);
        lines.Add($"Wrote out consistent volume group {loaded.Vg.Name}.");
        return lines;
    }

    private static Outcome Repair(LoadedVg loaded, Action? commit, bool force, bool mirrorsOnly, Action<string> warn, List<string> lines)
    {
        if (loaded.MissingPvCount == 0)
        {
            return Outcome.AlreadyConsistent;
        }
        if (!force)
        {
            return Consolidate(loaded, warn, lastErrorThrown: true) ? Outcome.Fixed : Outcome.NotFixed;
        }
        MakeConsistent(loaded, commit, mirrorsOnly, warn, lines);
        return Outcome.Fixed;
    }

    // LVM2's _make_vg_consistent: repeat from the first LV after each change.
    private static void MakeConsistent(LoadedVg loaded, Action? commit, bool mirrorsOnly, Action<string> warn, List<string> lines)
    {
        VolumeGroup vg = loaded.Vg;
        bool changed;
        do
        {
            changed = false;
            foreach (LogicalVolume lv in InLvm2Order(vg))
            {
                if (!Reports.LvDisplay.IsPartial(loaded, lv))
                {
                    continue;
                }
                if (lv.Segments is [MirrorSegment, ..] && MissingMirrorRepair.Apply(loaded, lv, commit, warn, lines))
                {
                    changed = true;
                    break;
                }
                if (mirrorsOnly && lv.Segments is not [MirrorSegment, ..])
                {
                    warn($"Non-mirror-image LV {lv.Name} found: can't remove.");
                    continue;
                }
                if ((lv.Status & LvStatus.Visible) == 0)
                {
                    continue;
                }
                warn($"WARNING: Removing partial LV {vg.Name}/{lv.Name}.");
                RemoveLv(vg, lv, commit, lines);
                changed = true;
                break;
            }
        }
        while (changed);
        Consolidate(loaded, warn, lastErrorThrown: false);
    }

    /// <summary>LVM2's lv_remove_with_dependencies for a partial LV: the LV and everything below it, committed.</summary>
    internal static void RemoveLv(VolumeGroup vg, LogicalVolume lv, Action? commit, List<string> lines)
    {
        var output = new Lv.LvOutput();
        Lv.LvRemove.Apply(vg, lv.Name.Value, output);
        lines.AddRange(output.Info);
        commit?.Invoke();
    }

    /// <summary>LVM2 imports the visible LVs first, then the hidden ones; its loops over vg->lvs follow that order.</summary>
    private static List<LogicalVolume> InLvm2Order(VolumeGroup vg) =>
        [.. vg.LogicalVolumes.Where(lv => (lv.Status & LvStatus.Visible) != 0), .. vg.LogicalVolumes.Where(lv => (lv.Status & LvStatus.Visible) == 0)];

    // LVM2's _consolidate_vg: list the partial LVs; when there are none, the missing PVs leave the VG.
    private static bool Consolidate(LoadedVg loaded, Action<string> warn, bool lastErrorThrown)
    {
        VolumeGroup vg = loaded.Vg;
        var partial = InLvm2Order(vg).Where(lv => Reports.LvDisplay.IsPartial(loaded, lv)).ToList();
        foreach (LogicalVolume lv in partial)
        {
            warn($"WARNING: Partial LV {lv.Name} needs to be repaired or removed. ");
        }
        if (partial.Count > 0)
        {
            warn($"There are still partial LVs in VG {vg.Name}.");
            warn("To remove them unconditionally use: vgreduce --removemissing --force.");
            if (!lastErrorThrown)
            {
                warn("To remove them unconditionally from mirror LVs use: vgreduce --removemissing --mirrorsonly --force.");
            }
            warn("WARNING: Proceeding to remove empty missing PVs.");
            return false;
        }
        foreach (PhysicalVolume pv in vg.PhysicalVolumes.Where(loaded.IsMissing).ToList())
        {
            if (vg.PhysicalVolumes.Count == 1)
            {
                throw new StorageException(ErrorCode.InvalidState, "Volume Groups must always contain at least one PV.");
            }
            if (VgReduce.InUse(vg, pv))
            {
                throw new StorageException(ErrorCode.Busy, $"LVs still present on PV with UUID {pv.Id}: Can't remove from VG {vg.Name}.");
            }
            vg.PhysicalVolumes.Remove(pv);
        }
        vg.UpdateDerived();
        return true;
    }
}
