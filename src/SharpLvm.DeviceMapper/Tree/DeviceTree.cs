using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// The dependency tree of one change: every device the desired state names, everything their live tables
/// use (recursively, through DM_TABLE_DEPS), external devices at the bottom, and a root whose children are
/// the top-level nodes. Links carry whether they come from a live table, a desired table or both.
/// </summary>
public sealed class DeviceTree
{
    private readonly List<DeviceNode> _nodes;
    private readonly Dictionary<DmName, DeviceNode> _byName;
    private readonly Dictionary<DeviceNumber, DeviceNode> _byNumber;

    internal DeviceTree(DesiredState desired, int capacity = 0)
    {
        Desired = desired;
        _nodes = new(capacity);
        _byName = new(capacity);
        _byNumber = new(capacity);
    }

    /// <summary>The root: it stands for "nothing"; its <see cref="DeviceNode.Uses"/> are the top-level nodes.</summary>
    public DeviceNode Root { get; } = new(null, null, null);

    /// <summary>Every node but the root, in insertion order.</summary>
    public IReadOnlyList<DeviceNode> Nodes => _nodes;

    public DesiredState Desired { get; }

    /// <summary>The device-mapper devices of the tree as they are before the plan (what the checker starts from).</summary>
    public DmState Initial { get; internal set; } = DmState.Empty;

    public DeviceNode? Find(DmName name) => _byName.GetValueOrDefault(name);

    public DeviceNode? Find(DeviceNumber number) => _byNumber.GetValueOrDefault(number);

    /// <summary>Builds the tree of <paramref name="desired"/> against an engine's live devices.</summary>
    public static DeviceTree Build(IDeviceMapper dm, DesiredState desired)
    {
        ArgumentNullException.ThrowIfNull(dm);
        return new DeviceTreeBuilder(new DeviceMapperView(dm), desired).Build();
    }

    /// <summary>Builds the tree of <paramref name="desired"/> against a snapshot.</summary>
    public static DeviceTree Build(DmState state, DesiredState desired)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new DeviceTreeBuilder(new SnapshotView(state), desired).Build();
    }

    internal void Add(DeviceNode node)
    {
        node.Index = _nodes.Count;
        _nodes.Add(node);
        if (node.Name is { } name)
        {
            _byName.Add(name, node);
        }
        if (node.Number is { } number)
        {
            _byNumber.Add(number, node);
        }
    }

    internal void IndexNumber(DeviceNode node) => _byNumber.Add(node.Number!.Value, node);
}
