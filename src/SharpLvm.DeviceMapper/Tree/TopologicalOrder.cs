using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>Orders a set of nodes so that every node comes after all of its parents in the set.</summary>
internal static class TopologicalOrder
{
    private const int NotInSet = -1;

    /// <summary>
    /// Kahn's algorithm over the links whose kind intersects <paramref name="kinds"/>; ties keep the
    /// order of <paramref name="nodes"/> (insertion order). A cycle is refused. Nodes are tree nodes
    /// (not the root); counts are kept in an array by <see cref="DeviceNode.Index"/>.
    /// </summary>
    public static List<DeviceNode> ParentsFirst(IReadOnlyList<DeviceNode> nodes, LinkKind kinds)
    {
        int size = 0;
        foreach (var node in nodes)
        {
            size = Math.Max(size, node.Index + 1);
        }
        var pending = new int[size];
        Array.Fill(pending, NotInSet);
        foreach (var node in nodes)
        {
            pending[node.Index] = 0;
        }
        foreach (var node in nodes)
        {
            foreach (var link in node.Parents)
            {
                if ((link.Kind & kinds) != 0 && InSet(pending, link.Node))
                {
                    pending[node.Index]++;
                }
            }
        }
        var order = new List<DeviceNode>(nodes.Count);
        var ready = new Queue<DeviceNode>();
        foreach (var node in nodes)
        {
            if (pending[node.Index] == 0)
            {
                ready.Enqueue(node);
            }
        }
        while (ready.TryDequeue(out var node))
        {
            order.Add(node);
            foreach (var link in node.Children)
            {
                if ((link.Kind & kinds) != 0 && InSet(pending, link.Node) && --pending[link.Node.Index] == 0)
                {
                    ready.Enqueue(link.Node);
                }
            }
        }
        if (order.Count != nodes.Count)
        {
            var stuck = nodes.Where(n => pending[n.Index] > 0).Take(5);
            throw new StorageException(ErrorCode.Unsupported,
                $"The device links form a cycle through {string.Join(", ", stuck)}: no top-down order exists.");
        }
        return order;
    }

    private static bool InSet(int[] pending, DeviceNode node) =>
        node.Index >= 0 && node.Index < pending.Length && pending[node.Index] != NotInSet;
}
