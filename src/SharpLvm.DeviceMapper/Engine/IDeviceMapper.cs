using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// The control side of a device-mapper: what the dm ioctls do. Implemented by our userspace engine
/// (in process or through the daemon) and later by the kernel's. The planner's executor runs plans
/// against this interface only. Every operation either succeeds or throws a
/// <see cref="Errors.StorageException"/> and changes nothing.
/// </summary>
public interface IDeviceMapper
{
    /// <summary>DM_DEVICE_CREATE: a device with no table (number chosen as the kernel does unless given).</summary>
    DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false);

    /// <summary>DM_TABLE_LOAD: validates <paramref name="table"/> and puts it in the inactive slot.</summary>
    void Load(DmName name, Table table);

    /// <summary>DM_TABLE_CLEAR: drops the inactive table.</summary>
    void ClearInactive(DmName name);

    /// <summary>DM_DEVICE_SUSPEND: in-flight I/O completes (flushed when <paramref name="flush"/>), new I/O waits.</summary>
    void Suspend(DmName name, bool flush = true);

    /// <summary>DM_DEVICE_RESUME: the inactive table, if any, goes live; then I/O flows again.</summary>
    void Resume(DmName name);

    /// <summary>DM_DEVICE_RENAME.</summary>
    void Rename(DmName name, DmName newName);

    /// <summary>DM_DEVICE_REMOVE: refused while open or used by another table; <paramref name="force"/> swaps in an error table first.</summary>
    void Remove(DmName name, bool force = false);

    DeviceInfo? TryGetInfo(DmName name);

    DeviceInfo? TryGetInfo(DeviceNumber number);

    DeviceInfo? TryGetInfoByUuid(DmUuid uuid);

    /// <summary>DM_TABLE_STATUS in table mode: the live (or inactive) table, null when that slot is empty.</summary>
    Table? GetTable(DmName name, bool inactive = false);

    /// <summary>DM_TABLE_DEPS: the devices the live (or inactive) table uses, in table order without repeats.</summary>
    IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false);

    /// <summary>DM_LIST_DEVICES, ordered by name.</summary>
    IReadOnlyList<DeviceInfo> List();

    /// <summary>DM_TABLE_STATUS: one status line per target ("start length type status").</summary>
    IReadOnlyList<string> GetStatus(DmName name);

    /// <summary>DM_TARGET_MSG.</summary>
    string SendMessage(DmName name, Sectors sector, string message);
}
