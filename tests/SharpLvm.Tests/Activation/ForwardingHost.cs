using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Activation;

/// <summary>
/// An <see cref="IDeviceHost"/> that passes every call to another one; test hosts (faults, crashes) override the
/// operations they interfere with. The inner host belongs to whoever made it: disposing this one leaves it alone.
/// </summary>
internal abstract class ForwardingHost(IDeviceHost inner) : IDeviceHost
{
    public bool Persistent => inner.Persistent;

    public DeviceNumber Attach(string path) => inner.Attach(path);

    public virtual bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null) => inner.WaitForSync(name, timeout, progress);

    public virtual DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false) => inner.Create(name, uuid, number, readOnly);

    public virtual void Load(DmName name, Table table) => inner.Load(name, table);

    public virtual void ClearInactive(DmName name) => inner.ClearInactive(name);

    public virtual void Suspend(DmName name, bool flush = true) => inner.Suspend(name, flush);

    public virtual void Resume(DmName name) => inner.Resume(name);

    public virtual void Rename(DmName name, DmName newName) => inner.Rename(name, newName);

    public virtual void Remove(DmName name, bool force = false) => inner.Remove(name, force);

    public virtual string SendMessage(DmName name, Sectors sector, string message) => inner.SendMessage(name, sector, message);

    public DeviceInfo? TryGetInfo(DmName name) => inner.TryGetInfo(name);

    public DeviceInfo? TryGetInfo(DeviceNumber number) => inner.TryGetInfo(number);

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid) => inner.TryGetInfoByUuid(uuid);

    public Table? GetTable(DmName name, bool inactive = false) => inner.GetTable(name, inactive);

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false) => inner.GetDependencies(name, inactive);

    public IReadOnlyList<DeviceInfo> List() => inner.List();

    public IReadOnlyList<string> GetStatus(DmName name) => inner.GetStatus(name);

    public void Dispose()
    {
        // The inner host belongs to whoever made it.
    }
}
