using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// What device-mapper must look like after a change: the devices to exist with their tables (in the
/// order added, which is the order libdm would add them) and the devices to remove. Devices not
/// mentioned are left alone unless they leave a stack (<see cref="NodeFlags.LeavingStack"/>).
/// </summary>
public sealed class DesiredState
{
    private readonly List<DesiredDevice> _devices = [];
    private readonly Dictionary<DmName, DesiredDevice> _byName = [];
    private readonly List<DmName> _removals = [];
    private readonly HashSet<DmName> _removalSet = [];

    public IReadOnlyList<DesiredDevice> Devices => _devices;

    public IReadOnlyList<DmName> Removals => _removals;

    public DesiredDevice? TryGet(DmName name) => _byName.GetValueOrDefault(name);

    public bool IsRemoved(DmName name) => _removalSet.Contains(name);

    public DesiredState Add(DesiredDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if ((device.Flags & ~DesiredDevice.InputFlags) != 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                $"Desired device {device.Name}: flags {device.Flags & ~DesiredDevice.InputFlags} are planner decisions, not inputs.");
        }
        if (_removalSet.Contains(device.Name) || !_byName.TryAdd(device.Name, device))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"Desired device {device.Name} is given twice.");
        }
        _devices.Add(device);
        return this;
    }

    public DesiredState Add(string name, Table table, string? uuid = null, NodeFlags flags = NodeFlags.SkipReloadWhenEquivalent, DeviceNumber? number = null) =>
        Add(new DesiredDevice(DmName.Parse(name), uuid is null ? null : DmUuid.Parse(uuid), table, flags, number));

    public DesiredState Remove(DmName name)
    {
        if (_byName.ContainsKey(name))
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Device {name} is both desired and removed.");
        }
        if (_removalSet.Add(name))
        {
            _removals.Add(name);
        }
        return this;
    }

    public DesiredState Remove(string name) => Remove(DmName.Parse(name));
}
