using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Activation;

/// <summary>An <see cref="IDeviceHost"/> over another one whose table loads fail when <see cref="FailLoad"/> says so.</summary>
internal sealed class FaultyHost(IDeviceHost inner) : IDeviceHost
{
    public Func<DmName, Table, bool>? FailLoad { get; set; }

    public int FailedLoads { get; private set; }

    public bool Persistent => inner.Persistent;

    public DeviceNumber Attach(string path) => inner.Attach(path);

    public bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null) => inner.WaitForSync(name, timeout, progress);

    public DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false) => inner.Create(name, uuid, number, readOnly);

    public void Load(DmName name, Table table)
    {
        if (FailLoad?.Invoke(name, table) == true)
        {
            FailedLoads++;
            throw new StorageException(ErrorCode.IoError, $"Injected fault: loading a table into {name} failed.");
        }
        inner.Load(name, table);
    }

    public void ClearInactive(DmName name) => inner.ClearInactive(name);

    public void Suspend(DmName name, bool flush = true) => inner.Suspend(name, flush);

    public void Resume(DmName name) => inner.Resume(name);

    public void Rename(DmName name, DmName newName) => inner.Rename(name, newName);

    public void Remove(DmName name, bool force = false) => inner.Remove(name, force);

    public DeviceInfo? TryGetInfo(DmName name) => inner.TryGetInfo(name);

    public DeviceInfo? TryGetInfo(DeviceNumber number) => inner.TryGetInfo(number);

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid) => inner.TryGetInfoByUuid(uuid);

    public Table? GetTable(DmName name, bool inactive = false) => inner.GetTable(name, inactive);

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false) => inner.GetDependencies(name, inactive);

    public IReadOnlyList<DeviceInfo> List() => inner.List();

    public IReadOnlyList<string> GetStatus(DmName name) => inner.GetStatus(name);

    public string SendMessage(DmName name, Sectors sector, string message) => inner.SendMessage(name, sector, message);

    public void Dispose()
    {
        // The inner host belongs to the harness.
    }
}
