using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>Where the tree builder reads the live devices from: an engine or a snapshot.</summary>
internal interface ILiveView
{
    DeviceSnapshot? ByName(DmName name);

    DeviceSnapshot? ByNumber(DeviceNumber number);

    DeviceSnapshot? ByUuid(DmUuid uuid);

    /// <summary>DM_TABLE_DEPS of the live table.</summary>
    IReadOnlyList<DeviceNumber> Dependencies(DeviceSnapshot device);

    /// <summary>Every device (to choose free numbers and to find the holders of a device).</summary>
    IEnumerable<DeviceSnapshot> AllDevices();
}

/// <summary>
/// Reads an engine through <see cref="IDeviceMapper"/>: info, both tables and DM_TABLE_DEPS. Other processes change
/// other VGs' devices meanwhile: a device gone between its info and its tables reads as absent.
/// </summary>
internal sealed class DeviceMapperView(IDeviceMapper dm) : ILiveView
{
    public DeviceSnapshot? ByName(DmName name) => Snap(dm.TryGetInfo(name));

    public DeviceSnapshot? ByNumber(DeviceNumber number) => Snap(dm.TryGetInfo(number));

    public DeviceSnapshot? ByUuid(DmUuid uuid) => Snap(dm.TryGetInfoByUuid(uuid));

    public IReadOnlyList<DeviceNumber> Dependencies(DeviceSnapshot device)
    {
        if (device.Live is null)
        {
            return [];
        }
        try
        {
            return dm.GetDependencies(device.Name);
        }
        catch (StorageException e) when (e.Code == ErrorCode.NotFound)
        {
            return [];
        }
    }

    public IEnumerable<DeviceSnapshot> AllDevices() => dm.List().Select(i => DmState.TrySnapshot(dm, i)).OfType<DeviceSnapshot>();

    private DeviceSnapshot? Snap(DeviceInfo? info) => info is null ? null : DmState.TrySnapshot(dm, info);
}

/// <summary>Reads a <see cref="DmState"/>; dependencies are the device numbers the live table claims.</summary>
internal sealed class SnapshotView(DmState state) : ILiveView
{
    private readonly Lazy<Dictionary<DmUuid, DeviceSnapshot>> _byUuid = new(() =>
        state.Devices.Where(d => d.Uuid is not null).ToDictionary(d => d.Uuid!.Value));

    public DeviceSnapshot? ByName(DmName name) => state.TryGet(name);

    public DeviceSnapshot? ByNumber(DeviceNumber number) => state.TryGet(number);

    public DeviceSnapshot? ByUuid(DmUuid uuid) => _byUuid.Value.GetValueOrDefault(uuid);

    public IReadOnlyList<DeviceNumber> Dependencies(DeviceSnapshot device)
    {
        if (device.Live is null)
        {
            return [];
        }
        var claims = device.Live.Claims;
        Span<DeviceNumber> found = claims.Count <= 16 ? stackalloc DeviceNumber[claims.Count] : new DeviceNumber[claims.Count];
        int count = 0;
        for (int c = 0; c < claims.Count; c++)
        {
            if (claims[c].Device.Number is { } n && !found[..count].Contains(n))
            {
                found[count++] = n;
            }
        }
        return found[..count].ToArray();
    }

    public IEnumerable<DeviceSnapshot> AllDevices() => state.Devices;
}
