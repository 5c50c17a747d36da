using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// Builds a <see cref="DeviceTree"/>: existing devices first (live DEPS, recursively), then the desired
/// tables' links, then the leaving-device decision, then the root links (as libdm: existing devices
/// enter through DM_TABLE_DEPS, so a layer only an old live table still uses stays in the tree).
/// </summary>
internal sealed class DeviceTreeBuilder(ILiveView view, DesiredState desired)
{
    private readonly DeviceTree _tree = new(desired, desired.Devices.Count + desired.Removals.Count);
    private readonly Dictionary<string, DeviceNode> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<DmName, DeviceNode> _byNewName = [];
    private readonly HashSet<DeviceNumber> _usedNumbers = [];
    private readonly HashSet<uint> _dmMajors = [];
    private readonly List<(DeviceNode Node, DesiredDevice Device)> _desiredNodes = new(desired.Devices.Count);

    public DeviceTree Build()
    {
        var all = view.AllDevices().ToList();
        foreach (var device in all)
        {
            _usedNumbers.Add(device.Number);
            _dmMajors.Add(device.Number.Major);
        }
        foreach (var device in desired.Devices)
        {
            _desiredNodes.Add((AddDesired(device), device));
        }
        foreach (var name in desired.Removals)
        {
            if (view.ByName(name) is { } snap)
            {
                AddExisting(snap).Set(NodeFlags.Remove);
            }
        }
        AddHolders(all);
        AssignNumbers();
        var desiredClaims = LinkDesiredTables();
        MarkLeaving(desiredClaims);
        foreach (var node in _tree.Nodes)
        {
            if (!node.HasParents)
            {
                _tree.Root.AddTopLevel(node);
            }
        }
        _tree.Initial = new DmState([.. _tree.Nodes.Where(n => n.Has(NodeFlags.Exists)).Select(n => n.Snapshot!)]);
        return _tree;
    }

    private DeviceNode AddDesired(DesiredDevice device)
    {
        var existing = device.Uuid is { } uuid ? view.ByUuid(uuid) : null;
        if (existing is null && view.ByName(device.Name) is { } byName)
        {
            if (device.Uuid is not null && byName.Uuid is not null)
            {
                throw new StorageException(ErrorCode.AlreadyExists,
                    $"Desired device {device.Name} (uuid {device.Uuid}) clashes with the existing {byName.Name} ({byName.Number}, uuid {byName.Uuid}).");
            }
            existing = byName;
        }
        DeviceNode node;
        if (existing is not null)
        {
            node = AddExisting(existing);
            if (existing.Name != device.Name)
            {
                if (view.ByName(device.Name) is { } other)
                {
                    throw new StorageException(ErrorCode.AlreadyExists,
                        $"Cannot rename {existing.Name} ({existing.Number}) to {device.Name}: {other.Name} ({other.Number}) exists.");
                }
                node.NewName = device.Name;
                node.Set(NodeFlags.Rename);
                _byNewName.TryAdd(device.Name, node);
            }
        }
        else
        {
            node = new DeviceNode(device.Name, device.Number, null) { Uuid = device.Uuid };
            if (device.Number is { } n && !_usedNumbers.Add(n))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"Desired device {device.Name} asks for number {n}, which is taken.");
            }
            _tree.Add(node);
        }
        if (node.Has(NodeFlags.Desired))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"Desired devices {node.Name} and {device.Name} are the same device.");
        }
        node.Set(NodeFlags.Desired | device.Flags);
        node.TargetTable = device.Table;
        return node;
    }

    private DeviceNode AddExisting(DeviceSnapshot snap)
    {
        if (_tree.Find(snap.Number) is { } known)
        {
            return known;
        }
        var node = new DeviceNode(snap.Name, snap.Number, null)
        {
            Uuid = snap.Uuid,
            LiveTable = snap.Live,
            InactiveTable = snap.Inactive,
            Snapshot = snap,
        };
        node.Set(NodeFlags.Exists | (snap.Suspended ? NodeFlags.InitiallySuspended : NodeFlags.None));
        _tree.Add(node);
        var deps = view.Dependencies(snap);
        for (int i = 0; i < deps.Count; i++)
        {
            var dep = deps[i];
            var child = view.ByNumber(dep) is { } childSnap ? AddExisting(childSnap) : External(DeviceRef.Of(dep));
            DeviceNode.Link(node, child, LinkKind.Live);
        }
        return node;
    }

    /// <summary>
    /// Adds every device whose live table uses a device already in the tree, up to the top: a device that
    /// changes or goes must have all its holders in the tree, to suspend them first and to see who still
    /// uses it. (libdm starts from the LV's top instead; a generic planner cannot know the top.)
    /// </summary>
    private void AddHolders(List<DeviceSnapshot> all)
    {
        var holders = new Dictionary<DeviceNumber, List<DeviceSnapshot>>(all.Count);
        foreach (var device in all)
        {
            var deps = view.Dependencies(device);
            for (int i = 0; i < deps.Count; i++)
            {
                var dep = deps[i];
                if (!holders.TryGetValue(dep, out var list))
                {
                    holders.Add(dep, list = []);
                }
                list.Add(device);
            }
        }
        for (int i = 0; i < _tree.Nodes.Count; i++)
        {
            if (_tree.Nodes[i] is { Number: { } number } node && node.Has(NodeFlags.Exists) && holders.TryGetValue(number, out var list))
            {
                foreach (var holder in list)
                {
                    AddExisting(holder);
                }
            }
        }
    }

    private DeviceNode External(DeviceRef device)
    {
        if (device.Number is { } number)
        {
            if (_tree.Find(number) is { } known)
            {
                return known;
            }
            var node = new DeviceNode(null, number, device);
            node.Set(NodeFlags.External);
            _tree.Add(node);
            return node;
        }
        if (!_byPath.TryGetValue(device.Path!, out var byPath))
        {
            byPath = new DeviceNode(null, null, device);
            byPath.Set(NodeFlags.External);
            _byPath.Add(device.Path!, byPath);
            _tree.Add(byPath);
        }
        return byPath;
    }

    /// <summary>New devices get the number asked for, or the lowest free minor of the device-mapper major.</summary>
    private void AssignNumbers()
    {
        uint major = _dmMajors.Count > 0 ? _usedNumbers.Where(n => _dmMajors.Contains(n.Major)).Min().Major : DeviceNumber.DeviceMapperMajor;
        _dmMajors.Add(major);
        uint minor = 0;
        foreach (var (node, _) in _desiredNodes)
        {
            if (node.Number is not null)
            {
                continue;
            }
            while (_usedNumbers.Contains(new DeviceNumber(major, minor)))
            {
                minor++;
            }
            node.Number = new DeviceNumber(major, minor);
            _usedNumbers.Add(node.Number.Value);
            _tree.IndexNumber(node);
        }
    }

    private HashSet<DeviceRef> LinkDesiredTables()
    {
        var claimed = new HashSet<DeviceRef>(_desiredNodes.Count);
        Func<DmName, DeviceNumber?> numberOf = NumberOf;
        foreach (var (node, device) in _desiredNodes)
        {
            var table = TableRefs.Resolve(device.Table, device.Name, numberOf);
            node.TargetTable = table;
            var claims = table.Claims;
            for (int c = 0; c < claims.Count; c++)
            {
                var claim = claims[c];
                claimed.Add(claim.Device);
                DeviceNode.Link(node, ChildFor(claim.Device, device.Name), LinkKind.Desired);
            }
        }
        return claimed;
    }

    private DeviceNumber? NumberOf(DmName name) =>
        _tree.Find(name) is { } node ? node.Number
        : _byNewName.TryGetValue(name, out var renamed) ? renamed.Number
        : view.ByName(name)?.Number;

    private DeviceNode ChildFor(DeviceRef device, DmName owner)
    {
        if (device.Number is { } number)
        {
            if (_tree.Find(number) is { } known)
            {
                return known;
            }
            if (view.ByNumber(number) is { } snap)
            {
                return AddExisting(snap);
            }
            if (_dmMajors.Contains(number.Major))
            {
                throw new StorageException(ErrorCode.NotFound,
                    $"The desired table of {owner} uses {number}, a device-mapper device that neither exists nor is desired.");
            }
        }
        return External(device);
    }

    /// <summary>
    /// A device leaves the stack when no table it will have afterwards uses it (no desired table, and no
    /// live table of a device left as it is), but the old live table of a device that persists through the
    /// final resume does (or, when it is removed, when its live table shares a device with a desired
    /// table). Parents are decided first, so a whole detached subtree leaves together.
    /// </summary>
    private void MarkLeaving(HashSet<DeviceRef> desiredClaims)
    {
        var existing = _tree.Nodes.Where(n => n.Has(NodeFlags.Exists)).ToList();
        foreach (var node in TopologicalOrder.ParentsFirst(existing, LinkKind.Live))
        {
            if (node.LiveTable is null || AnyParent(node, StillUses))
            {
                continue;
            }
            bool usedByPersisting = AnyParent(node, static l => (l.Kind & LinkKind.Live) != 0 && Persists(l.Node));
            bool sharesWithDesired = node.Has(NodeFlags.Remove) && SharesWith(node.LiveTable, desiredClaims);
            if (!usedByPersisting && !sharesWithDesired)
            {
                continue;
            }
            node.Set(NodeFlags.LeavingStack | (node.Has(NodeFlags.Remove) ? NodeFlags.RemoveAfterResume : NodeFlags.None));
            // A leaving device is suspended as its former parents are (libdm's no_flush is tree-wide).
            if (node.UsedBy.Any(l => l.Node.Has(NodeFlags.NoFlush)))
            {
                node.Set(NodeFlags.NoFlush);
            }
            node.TargetTable ??= Table.Single(node.LiveTable.Size, ErrorTarget.Instance);
        }
    }

    private static bool AnyParent(DeviceNode node, Func<DeviceLink, bool> predicate)
    {
        foreach (var link in node.Parents)
        {
            if (predicate(link))
            {
                return true;
            }
        }
        return false;
    }

    private static bool SharesWith(Table table, HashSet<DeviceRef> devices)
    {
        var claims = table.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            if (devices.Contains(claim.Device))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The parent's table afterwards uses the child: its desired table, or its live table when it is left as it is.</summary>
    private static bool StillUses(DeviceLink parent) =>
        (parent.Kind & LinkKind.Desired) != 0
        || ((parent.Kind & LinkKind.Live) != 0 && parent.Node.TargetTable is null && !parent.Node.Has(NodeFlags.Remove));

    private static bool Persists(DeviceNode parent) =>
        parent.Has(NodeFlags.Exists) && (!parent.Has(NodeFlags.Remove) || parent.Has(NodeFlags.LeavingStack));
}
