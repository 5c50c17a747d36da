using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// One device of the dependency tree: a device-mapper device (existing or to be created) or an external
/// block device. <see cref="Uses"/> are its children (devices it maps onto), <see cref="UsedBy"/> its
/// parents; both keep insertion order, which decides the order of operations.
/// </summary>
public sealed class DeviceNode
{
    private readonly List<DeviceLink> _uses = [];
    private readonly List<DeviceLink> _usedBy = [];

    /// <summary>For each entry of <see cref="_uses"/>, the index of the matching entry in the child's <see cref="_usedBy"/>.</summary>
    private readonly List<int> _usesBackIndex = [];

    internal DeviceNode(DmName? name, DeviceNumber? number, DeviceRef? external)
    {
        Name = name;
        Number = number;
        ExternalRef = external;
    }

    /// <summary>The device-mapper name (after any rename: <see cref="NewName"/>); null for external devices and the root.</summary>
    public DmName? Name { get; }

    public DmUuid? Uuid { get; internal set; }

    /// <summary>The device number: live, or the one the plan will create it with.</summary>
    public DeviceNumber? Number { get; internal set; }

    /// <summary>For an external device: how tables refer to it.</summary>
    public DeviceRef? ExternalRef { get; }

    public NodeFlags Flags { get; internal set; }

    /// <summary>The live table before the plan.</summary>
    public Table? LiveTable { get; internal set; }

    /// <summary>The inactive table before the plan.</summary>
    public Table? InactiveTable { get; internal set; }

    /// <summary>The table the device must have afterwards: the desired one, or the replacement of a leaving device.</summary>
    public Table? TargetTable { get; internal set; }

    /// <summary>The name it must have afterwards when it is renamed.</summary>
    public DmName? NewName { get; internal set; }

    /// <summary>The position in <see cref="DeviceTree.Nodes"/> (-1 for the root): walks keep per-node marks in arrays by it.</summary>
    internal int Index { get; set; } = -1;

    /// <summary>For an existing device: the snapshot it was read from.</summary>
    internal DeviceSnapshot? Snapshot { get; set; }

    public IReadOnlyList<DeviceLink> Uses => _uses;

    public IReadOnlyList<DeviceLink> UsedBy => _usedBy;

    /// <summary><see cref="Uses"/> for the walks: a list's own enumerator allocates nothing.</summary>
    internal List<DeviceLink> Children => _uses;

    /// <summary><see cref="UsedBy"/> for the walks.</summary>
    internal List<DeviceLink> Parents => _usedBy;

    public bool Has(NodeFlags flags) => (Flags & flags) == flags;

    public bool HasAny(NodeFlags flags) => (Flags & flags) != 0;

    internal void Set(NodeFlags flags) => Flags |= flags;

    internal void Clear(NodeFlags flags) => Flags &= ~flags;

    /// <summary>The name every step uses once the node is renamed (renames happen in the resume walk).</summary>
    public DmName FinalName => NewName ?? Name ?? throw new InvalidOperationException("external node has no name");

    /// <summary>Links parent→child on both nodes (idempotent; a second link of another kind widens the kind).</summary>
    internal static void Link(DeviceNode parent, DeviceNode child, LinkKind kind)
    {
        int i = IndexOf(parent._uses, child);
        if (i >= 0)
        {
            parent._uses[i] = parent._uses[i] with { Kind = parent._uses[i].Kind | kind };
            int j = parent._usesBackIndex[i];
            child._usedBy[j] = child._usedBy[j] with { Kind = child._usedBy[j].Kind | kind };
            return;
        }
        parent._uses.Add(new DeviceLink(child, kind));
        parent._usesBackIndex.Add(child._usedBy.Count);
        child._usedBy.Add(new DeviceLink(parent, kind));
    }

    internal void AddTopLevel(DeviceNode child)
    {
        _uses.Add(new DeviceLink(child, LinkKind.None));
        _usesBackIndex.Add(-1);
    }

    private static int IndexOf(List<DeviceLink> links, DeviceNode node)
    {
        for (int i = 0; i < links.Count; i++)
        {
            if (ReferenceEquals(links[i].Node, node))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>True when the node has a parent other than the root (libdm's "not top-level").</summary>
    public bool HasParents => _usedBy.Count > 0;

    public override string ToString() =>
        Name is { } n ? (Number is { } num ? $"{n} ({num})" : n.ToString()) : ExternalRef?.ToString() ?? "<root>";
}
