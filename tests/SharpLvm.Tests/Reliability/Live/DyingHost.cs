using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Tests.Activation;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// The daemon as one command reaches it: every device-mapper operation that changes something is a step of
/// <paramref name="crash"/> (the command dies before the op past its crash point reaches the host); queries
/// pass through. The inner host lives on after the crash (it is the daemon's).
/// </summary>
internal sealed class DyingHost(IDeviceHost inner, CrashSwitch crash) : ForwardingHost(inner)
{
    public override bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null) =>
        crash.Dead ? throw new SimulatedCrash($"wait for {name} (after the crash)") : base.WaitForSync(name, timeout, progress);

    public override DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false)
    {
        crash.Step($"create {name}", isWrite: false);
        return base.Create(name, uuid, number, readOnly);
    }

    public override void Load(DmName name, Table table)
    {
        crash.Step($"load {name}", isWrite: false);
        base.Load(name, table);
    }

    public override void ClearInactive(DmName name)
    {
        crash.Step($"clear {name}", isWrite: false);
        base.ClearInactive(name);
    }

    public override void Suspend(DmName name, bool flush = true)
    {
        crash.Step($"suspend {name}", isWrite: false);
        base.Suspend(name, flush);
    }

    public override void Resume(DmName name)
    {
        crash.Step($"resume {name}", isWrite: false);
        base.Resume(name);
    }

    public override void Rename(DmName name, DmName newName)
    {
        crash.Step($"rename {name} {newName}", isWrite: false);
        base.Rename(name, newName);
    }

    public override void Remove(DmName name, bool force = false)
    {
        crash.Step($"remove {name}", isWrite: false);
        base.Remove(name, force);
    }

    public override string SendMessage(DmName name, Sectors sector, string message)
    {
        crash.Step($"message {name} {message}", isWrite: false);
        return base.SendMessage(name, sector, message);
    }
}
