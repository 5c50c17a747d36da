using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>The preload walk: post-order over all links (children first), creating and loading; no suspend.</summary>
internal sealed partial class PlanBuilder
{
    /// <summary>Per node (by <see cref="DeviceNode.Index"/>): visited by the preload walk.</summary>
    private readonly bool[] _preloaded = new bool[tree.Nodes.Count];

    private void Preload() => PreloadChildren(tree.Root);

    private void PreloadChildren(DeviceNode parent)
    {
        foreach (var link in parent.Children)
        {
            var child = link.Node;
            if (child.Has(NodeFlags.External) || _preloaded[child.Index])
            {
                continue;
            }
            _preloaded[child.Index] = true;
            PreloadChildren(child);
            if (child.Has(NodeFlags.DelayResumeIfExtended))
            {
                foreach (var up in child.Parents)
                {
                    up.Node.Set(NodeFlags.DelayResumeIfExtended);
                }
            }
            PreloadNode(child);
        }
    }

    private void PreloadNode(DeviceNode node)
    {
        if (node.TargetTable is not { } target)
        {
            return;
        }
        if (!node.Has(NodeFlags.Exists))
        {
            Emit(StepKind.Create, node, PlanPhase.Preload, "new device");
            node.Set(NodeFlags.Created);
            LoadAndMaybeResume(node, target, grown: true, isNew: true);
            return;
        }
        var live = node.LiveTable;
        bool equivalent = node.Has(NodeFlags.SkipReloadWhenEquivalent) && live is not null && SameDevices(live, target) && live.IsEquivalentTo(target);
        if (node.InactiveTable is { } inactive)
        {
            if (inactive.Equals(target))
            {
                node.Set(NodeFlags.InactiveAlreadyLoaded | NodeFlags.Resume);
                return;
            }
            if (equivalent)
            {
                Emit(StepKind.ClearInactive, node, PlanPhase.Preload, "stale inactive table; live table already wanted");
                node.Set(NodeFlags.StaleInactiveTable | NodeFlags.Unchanged);
                return;
            }
        }
        else if (equivalent)
        {
            node.Set(NodeFlags.Unchanged);
            if (Logging)
            {
                Debug(DmLog.Suppressed(node.Name!.Value, node.Number));
            }
            return;
        }
        LoadAndMaybeResume(node, target, grown: live is null || target.Size > live.Size, isNew: false);
    }

    /// <summary>
    /// Tables print their devices, so tables over other devices are never equivalent: this settles most
    /// reload decisions (a leg swapped in a mirror) without printing two tables.
    /// </summary>
    private static bool SameDevices(Table a, Table b)
    {
        var x = a.Claims;
        var y = b.Claims;
        if (x.Count != y.Count)
        {
            return false;
        }
        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].Device != y[i].Device)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// libdm resumes a child during preload only when it grew (a new device grows from 0), has a parent
    /// and no delay flag, so a parent's table can be validated against its size. We add one condition:
    /// the early resume must not make two unsuspended live tables share an exclusive claim; a new device
    /// then goes live first with an error table of its size (<see cref="NodeFlags.PrimeWithErrorTable"/>),
    /// an existing one waits for the resume walk (<see cref="NodeFlags.DelayedByConflict"/>).
    /// </summary>
    private void LoadAndMaybeResume(DeviceNode node, Table target, bool grown, bool isNew)
    {
        var delayFlag = isNew ? NodeFlags.DelayResumeIfNew : NodeFlags.DelayResumeIfExtended;
        bool early = grown && node.HasParents && !node.Has(delayFlag) && !node.Has(NodeFlags.InitiallySuspended);
        var conflict = early ? _model.WouldShareExclusive(CurrentName(node), target) : null;
        if (early && conflict is not null && isNew)
        {
            node.Set(NodeFlags.PrimeWithErrorTable);
            Emit(StepKind.Load, node, PlanPhase.Preload, $"prime: {conflict} holds an exclusive claim", Table.Single(target.Size, ErrorTarget.Instance));
            Emit(StepKind.Resume, node, PlanPhase.Preload, "prime: error table sets the size");
            early = false;
        }
        else if (early && conflict is not null)
        {
            node.Set(NodeFlags.DelayedByConflict);
            if (Logging)
            {
                Debug($"Resume of {node} delayed: {conflict} holds an exclusive claim.");
            }
            early = false;
        }
        Emit(StepKind.Load, node, PlanPhase.Preload, node.Has(NodeFlags.LeavingStack) ? "replacement of a device leaving the stack" : "new table", target);
        node.Set(NodeFlags.Loaded);
        if (early)
        {
            Emit(StepKind.Resume, node, PlanPhase.Preload, "grown child with a parent");
            node.Set(NodeFlags.ResumeEarly);
        }
        else
        {
            node.Set(NodeFlags.Resume);
        }
    }
}
