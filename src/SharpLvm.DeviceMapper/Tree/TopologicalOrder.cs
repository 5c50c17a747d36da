using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>Orders a set of nodes so that every node comes after all of its parents in the set.</summary>
internal static class TopologicalOrder
{
    /// <summary>
    /// Kahn's algorithm over the links whose kind intersects <paramref name="kinds"/>; ties keep the
    /// order of <paramref name="nodes"/> (insertion order). A cycle is refused.
    /// </summary>
    public static List<DeviceNode> ParentsFirst(IReadOnlyList<DeviceNode> nodes, LinkKind kinds)
    {
        var pending = new Dictionary<DeviceNode, int>(nodes.Count);
        foreach (var node in nodes)
        {
            pending[node] = 0;
        }
        foreach (var node in nodes)
        {
            foreach (var link in node.UsedBy)
            {
                if ((link.Kind & kinds) != 0 && pending.ContainsKey(link.Node))
                {
                    pending[node]++;
                }
            }
        }
        var order = new List<DeviceNode>(nodes.Count);
        var ready = new Queue<DeviceNode>();
        foreach (var node in nodes)
        {
            if (pending[node] == 0)
            {
                ready.Enqueue(node);
            }
        }
        while (ready.TryDequeue(out var node))
        {
            order.Add(node);
            foreach (var link in node.Uses)
            {
                if ((link.Kind & kinds) != 0 && pending.TryGetValue(link.Node, out int count))
                {
                    pending[link.Node] = count - 1;
                    if (count == 1)
                    {
                        ready.Enqueue(link.Node);
                    }
                }
            }
        }
        if (order.Count != nodes.Count)
        {
            var stuck = nodes.Where(n => !order.Contains(n)).Take(5);
            throw new StorageException(ErrorCode.Unsupported,
                $"The device links form a cycle through {string.Join(", ", stuck)}: no top-down order exists.");
        }
        return order;
    }
}
