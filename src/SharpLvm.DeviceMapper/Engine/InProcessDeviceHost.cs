using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// The userspace engine inside this process as an <see cref="IDeviceHost"/>: devices last until
/// <see cref="Dispose"/>, which flushes, lets mirror logs be written clean, removes devices top-down and closes
/// the attached devices. <see cref="Engine"/> is exposed for I/O (<see cref="UserspaceDeviceMapper.Open"/>) and tests.
/// </summary>
public sealed class InProcessDeviceHost : IDeviceHost
{
    private readonly DeviceAttacher _attacher;
    private int _disposed;

    public InProcessDeviceHost(EngineOptions? options = null)
    {
        Engine = new UserspaceDeviceMapper(options);
        _attacher = new DeviceAttacher(Engine);
    }

    public UserspaceDeviceMapper Engine { get; }

    public bool Persistent => false;

    public DeviceNumber Attach(string path) => _attacher.Attach(path);

    public bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null) =>
        MirrorSyncWait.WaitForSync(Engine, name, timeout, progress);

    /// <summary>Flushes every attached device (what the daemon does on request before a backup, say).</summary>
    public void FlushAttached() => _attacher.FlushAll();

    public DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false) =>
        Engine.Create(name, uuid, number, readOnly);

    public void Load(DmName name, Table table) => Engine.Load(name, table);

    public void ClearInactive(DmName name) => Engine.ClearInactive(name);

    public void Suspend(DmName name, bool flush = true) => Engine.Suspend(name, flush);

    public void Resume(DmName name) => Engine.Resume(name);

    public void Rename(DmName name, DmName newName) => Engine.Rename(name, newName);

    public void Remove(DmName name, bool force = false) => Engine.Remove(name, force);

    public DeviceInfo? TryGetInfo(DmName name) => Engine.TryGetInfo(name);

    public DeviceInfo? TryGetInfo(DeviceNumber number) => Engine.TryGetInfo(number);

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid) => Engine.TryGetInfoByUuid(uuid);

    public Table? GetTable(DmName name, bool inactive = false) => Engine.GetTable(name, inactive);

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false) => Engine.GetDependencies(name, inactive);

    public IReadOnlyList<DeviceInfo> List() => Engine.List();

    public IReadOnlyList<string> GetStatus(DmName name) => Engine.GetStatus(name);

    public string SendMessage(DmName name, Sectors sector, string message) => Engine.SendMessage(name, sector, message);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            EngineTeardown.Run(Engine);
        }
        finally
        {
            _attacher.Dispose();
        }
    }
}
