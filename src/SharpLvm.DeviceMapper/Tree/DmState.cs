using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// A snapshot of device-mapper devices: what the planner plans from and what the safety checker replays
/// a plan on. Built from an engine (<see cref="Capture"/>), from a state file
/// (<see cref="Trace.StateFile"/>) or by hand.
/// </summary>
public sealed class DmState
{
    private readonly Dictionary<DmName, DeviceSnapshot> _byName;
    private readonly Dictionary<DeviceNumber, DeviceSnapshot> _byNumber;
    private readonly List<DeviceSnapshot> _devices;

    public DmState(IEnumerable<DeviceSnapshot> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        int capacity = devices.TryGetNonEnumeratedCount(out int count) ? count : 0;
        _byName = new(capacity);
        _byNumber = new(capacity);
        _devices = new(capacity);
        foreach (var device in devices)
        {
            if (!_byName.TryAdd(device.Name, device))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"Device {device.Name} appears twice in the state.");
            }
            if (!_byNumber.TryAdd(device.Number, device))
            {
                throw new StorageException(ErrorCode.AlreadyExists,
                    $"Device number {device.Number} of {device.Name} is also the number of {_byNumber[device.Number].Name}.");
            }
            _devices.Add(device);
        }
    }

    public static DmState Empty { get; } = new([]);

    /// <summary>The devices in the order given.</summary>
    public IReadOnlyList<DeviceSnapshot> Devices => _devices;

    public DeviceSnapshot? TryGet(DmName name) => _byName.GetValueOrDefault(name);

    public DeviceSnapshot? TryGet(DeviceNumber number) => _byNumber.GetValueOrDefault(number);

    /// <summary>
    /// Reads every device of an engine: DM_LIST_DEVICES, then both table slots of each (a device removed or renamed
    /// by another process between the two is left out: the list was taken before it went).
    /// </summary>
    public static DmState Capture(IDeviceMapper dm)
    {
        ArgumentNullException.ThrowIfNull(dm);
        return new DmState(dm.List().Select(info => TrySnapshot(dm, info)).OfType<DeviceSnapshot>());
    }

    /// <summary>The device with its tables, or null when it no longer exists under that name (another process removed or renamed it).</summary>
    internal static DeviceSnapshot? TrySnapshot(IDeviceMapper dm, DeviceInfo info)
    {
        try
        {
            return Snapshot(dm, info);
        }
        catch (StorageException e) when (e.Code == ErrorCode.NotFound)
        {
            return null;
        }
    }

    internal static DeviceSnapshot Snapshot(IDeviceMapper dm, DeviceInfo info) =>
        new(info.Name, info.Uuid, info.Number,
            info.HasLiveTable ? dm.GetTable(info.Name) : null,
            info.HasInactiveTable ? dm.GetTable(info.Name, inactive: true) : null,
            info.Suspended);
}
