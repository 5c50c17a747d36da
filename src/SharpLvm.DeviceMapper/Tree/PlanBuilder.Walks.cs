namespace SharpLvm.DeviceMapper.Tree;

/// <summary>The suspend (top-down), resume (bottom-up, leaving devices first) and removal (top-down) walks.</summary>
internal sealed partial class PlanBuilder
{
    /// <summary>Per node (by <see cref="DeviceNode.Index"/>): visited by the resume walk.</summary>
    private readonly bool[] _resumed = new bool[tree.Nodes.Count];

    /// <summary>
    /// Suspends every existing device whose table changes at resume, and every live parent above it, each
    /// only after all of its parents in that set (Kahn order over all links, insertion order for ties).
    /// </summary>
    private void SuspendWalk()
    {
        var set = new bool[tree.Nodes.Count];
        var work = new Stack<DeviceNode>();
        foreach (var node in tree.Nodes)
        {
            if (node.Has(NodeFlags.Resume) && !node.Has(NodeFlags.Created) && !set[node.Index] && _model.LiveTable(CurrentName(node)) is not null)
            {
                set[node.Index] = true;
                work.Push(node);
            }
        }
        while (work.TryPop(out var node))
        {
            foreach (var link in node.Parents)
            {
                if ((link.Kind & LinkKind.Live) != 0 && link.Node.Has(NodeFlags.Exists) && !set[link.Node.Index])
                {
                    set[link.Node.Index] = true;
                    work.Push(link.Node);
                }
            }
        }
        var ordered = TopologicalOrder.ParentsFirst(Select(n => set[n.Index]), LinkKind.Live | LinkKind.Desired);
        foreach (var node in ordered)
        {
            node.Set(NodeFlags.Suspend | NodeFlags.Resume);
            if (!_model.IsSuspended(CurrentName(node)))
            {
                Emit(StepKind.Suspend, node, PlanPhase.Suspend, "table changes here or below", flush: !node.Has(NodeFlags.NoFlush));
            }
        }
    }

    /// <summary>
    /// Bottom-up over all links (so a device only an old live table still uses is resumed before that
    /// parent). Devices leaving the stack go first, with their subtrees, so their replacement tables are
    /// live before any device that takes their place resumes.
    /// </summary>
    private void ResumeWalk()
    {
        foreach (var node in tree.Nodes)
        {
            if (node.Has(NodeFlags.LeavingStack))
            {
                ResumeSubtree(node);
            }
        }
        ResumeChildren(tree.Root);
    }

    private void ResumeSubtree(DeviceNode node)
    {
        if (!node.Has(NodeFlags.External) && !_resumed[node.Index])
        {
            _resumed[node.Index] = true;
            ResumeChildren(node);
            ResumeNode(node);
        }
    }

    private void ResumeChildren(DeviceNode parent)
    {
        foreach (var link in parent.Children)
        {
            if (link.Node.Has(NodeFlags.LeavingStack))
            {
                ResumeSubtree(link.Node);
            }
        }
        foreach (var link in parent.Children)
        {
            ResumeSubtree(link.Node);
        }
    }

    private void ResumeNode(DeviceNode node)
    {
        if (node.Has(NodeFlags.Rename) && _model.Exists(node.Name!.Value))
        {
            Emit(StepKind.Rename, node, PlanPhase.Resume, "same uuid, new name");
            _renamed[node.Index] = true;
        }
        var name = CurrentName(node);
        bool pending = node.TargetTable is not null && _model.HasInactiveTable(name);
        if (_model.IsSuspended(name) || pending)
        {
            Emit(StepKind.Resume, node, PlanPhase.Resume, node.Has(NodeFlags.LeavingStack) ? "leaving device: replacement goes live first" : "bottom-up");
        }
    }

    /// <summary>Removes the devices the desired state removes, parents before children.</summary>
    private void RemoveWalk()
    {
        var removed = Select(n => n.Has(NodeFlags.Remove) && _model.Exists(CurrentName(n)));
        foreach (var node in TopologicalOrder.ParentsFirst(removed, LinkKind.Live | LinkKind.Desired))
        {
            Emit(StepKind.Remove, node, PlanPhase.Remove, node.Has(NodeFlags.RemoveAfterResume) ? "left the stack; removed after the final resume" : "removed");
        }
    }
}
