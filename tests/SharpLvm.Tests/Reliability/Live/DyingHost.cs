using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// The daemon as one command reaches it: every device-mapper operation that changes something is a step of
/// <paramref name="crash"/> (the command dies before the op past its crash point reaches the host); queries
/// pass through. The inner host lives on after the crash (it is the daemon's).
/// </summary>
internal sealed class DyingHost(IDeviceHost inner, CrashSwitch crash) : IDeviceHost
{
    public bool Persistent => inner.Persistent;

    public DeviceNumber Attach(string path) => inner.Attach(path);

    public bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null)
    {
        if (crash.Dead)
        {
            throw new SimulatedCrash($"wait for {name} (after the crash)");
        }
        return inner.WaitForSync(name, timeout, progress);
    }

    public DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false)
    {
        crash.Step($"create {name}", isWrite: false);
        return inner.Create(name, uuid, number, readOnly);
    }

    public void Load(DmName name, Table table)
    {
        crash.Step($"load {name}", isWrite: false);
        inner.Load(name, table);
    }

    public void ClearInactive(DmName name)
    {
        crash.Step($"clear {name}", isWrite: false);
        inner.ClearInactive(name);
    }

    public void Suspend(DmName name, bool flush = true)
    {
        crash.Step($"suspend {name}", isWrite: false);
        inner.Suspend(name, flush);
    }

    public void Resume(DmName name)
    {
        crash.Step($"resume {name}", isWrite: false);
        inner.Resume(name);
    }

    public void Rename(DmName name, DmName newName)
    {
        crash.Step($"rename {name} {newName}", isWrite: false);
        inner.Rename(name, newName);
    }

    public void Remove(DmName name, bool force = false)
    {
        crash.Step($"remove {name}", isWrite: false);
        inner.Remove(name, force);
    }

    public string SendMessage(DmName name, Sectors sector, string message)
    {
        crash.Step($"message {name} {message}", isWrite: false);
        return inner.SendMessage(name, sector, message);
    }

    public DeviceInfo? TryGetInfo(DmName name) => inner.TryGetInfo(name);

    public DeviceInfo? TryGetInfo(DeviceNumber number) => inner.TryGetInfo(number);

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid) => inner.TryGetInfoByUuid(uuid);

    public Table? GetTable(DmName name, bool inactive = false) => inner.GetTable(name, inactive);

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false) => inner.GetDependencies(name, inactive);

    public IReadOnlyList<DeviceInfo> List() => inner.List();

    public IReadOnlyList<string> GetStatus(DmName name) => inner.GetStatus(name);

    public void Dispose()
    {
        // The inner host is the daemon's: it outlives the command.
    }
}
