using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>Runs one decoded request against the in-process host and encodes its result.</summary>
internal sealed class ControlDispatcher(InProcessDeviceHost host, IControlHooks? hooks)
{
    /// <summary>How often a long wait checks that its client is still there.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(500);

    /// <summary>Executes the request in <paramref name="request"/>; <paramref name="progress"/> sends intermediate frames.</summary>
    public WireWriter Execute(WireReader request, Action<ulong, ulong> progress, Func<bool> clientGone)
    {
        var op = (ControlOp)request.Byte();
        var reply = new WireWriter().Byte((byte)ControlReply.Ok);
        switch (op)
        {
            case ControlOp.Ping:
                reply.UInt32((uint)Environment.ProcessId);
                break;
            case ControlOp.Create:
            {
                var name = request.Name();
                var uuid = request.OptionalString() is { } u ? DmUuid.Parse(u) : (DmUuid?)null;
                DeviceNumber? number = request.Bool() ? request.Number() : null;
                bool readOnly = request.Bool();
                reply.Info(Changing(() => host.Create(name, uuid, number, readOnly)));
                break;
            }
            case ControlOp.Load:
            {
                var name = request.Name();
                var table = Table.Parse(request.String());
                Changing(() => host.Load(name, table));
                break;
            }
            case ControlOp.ClearInactive:
            {
                var name = request.Name();
                Changing(() => host.ClearInactive(name));
                break;
            }
            case ControlOp.Suspend:
            {
                var name = request.Name();
                bool flush = request.Bool();
                Changing(() => host.Suspend(name, flush));
                break;
            }
            case ControlOp.Resume:
            {
                var name = request.Name();
                Changing(() => host.Resume(name));
                break;
            }
            case ControlOp.Rename:
            {
                var name = request.Name();
                var newName = request.Name();
                Changing(() => Removing(name, () => host.Rename(name, newName)));
                break;
            }
            case ControlOp.Remove:
            {
                var name = request.Name();
                bool force = request.Bool();
                Changing(() => Removing(name, () => host.Remove(name, force)));
                break;
            }
            case ControlOp.InfoByName:
                reply.OptionalInfo(host.TryGetInfo(request.Name()));
                break;
            case ControlOp.InfoByNumber:
                reply.OptionalInfo(host.TryGetInfo(request.Number()));
                break;
            case ControlOp.InfoByUuid:
                reply.OptionalInfo(host.TryGetInfoByUuid(DmUuid.Parse(request.String())));
                break;
            case ControlOp.Table:
            {
                var name = request.Name();
                reply.OptionalString(host.GetTable(name, request.Bool())?.ToString());
                break;
            }
            case ControlOp.Dependencies:
            {
                var name = request.Name();
                var deps = host.GetDependencies(name, request.Bool());
                reply.Count(deps.Count);
                foreach (var d in deps)
                {
                    reply.Number(d);
                }
                break;
            }
            case ControlOp.List:
            {
                var all = host.List();
                reply.Count(all.Count);
                foreach (var info in all)
                {
                    reply.Info(info);
                }
                break;
            }
            case ControlOp.Status:
                Strings(reply, host.GetStatus(request.Name()));
                break;
            case ControlOp.Message:
            {
                var name = request.Name();
                var sector = new Sectors(request.UInt64());
                reply.String(host.SendMessage(name, sector, request.String()));
                hooks?.Changed();
                break;
            }
            case ControlOp.Attach:
                reply.Number(host.Attach(request.String()));
                break;
            case ControlOp.WaitForSync:
            {
                var name = request.Name();
                var timeout = TimeSpan.FromMilliseconds(request.UInt64());
                reply.Bool(host.WaitForSync(name, timeout, progress));
                break;
            }
            case ControlOp.WaitForEvent:
            {
                var name = request.Name();
                uint seen = request.UInt32();
                var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(request.UInt64());
                uint now;
                do
                {
                    var left = deadline - DateTime.UtcNow;
                    now = host.Engine.WaitForEvent(name, seen, left < WaitSlice ? left : WaitSlice);
                }
                while (now == seen && DateTime.UtcNow < deadline && !clientGone());
                reply.UInt32(now);
                break;
            }
            case ControlOp.Targets:
            {
                var versions = host.Engine.Targets();
                reply.Count(versions.Count);
                foreach (var v in versions)
                {
                    reply.String(v.Name).UInt32(v.Major).UInt32(v.Minor).UInt32(v.Patch);
                }
                break;
            }
            case ControlOp.Registered:
            {
                var devices = host.Engine.RegisteredDevices();
                reply.Count(devices.Count);
                foreach (var d in devices)
                {
                    reply.Number(d.Number).OptionalString(d.Path).UInt64(d.Device.Size.Value);
                }
                break;
            }
            default:
                throw new StorageException(ErrorCode.Unsupported, $"Unknown control request {(byte)op}.",
                    "the client is newer than the daemon: restart the daemon");
        }
        if (!request.AtEnd)
        {
            throw new StorageException(ErrorCode.Corrupt, $"Control request {op} has trailing bytes.");
        }
        return reply;
    }

    private static void Strings(WireWriter reply, IReadOnlyList<string> lines)
    {
        reply.Count(lines.Count);
        foreach (string line in lines)
        {
            reply.String(line);
        }
    }

    /// <summary>A removal or rename: the hooks release this process's handles on the device first.</summary>
    private void Removing(DmName name, Action remove)
    {
        if (hooks is null)
        {
            remove();
        }
        else
        {
            hooks.Remove(name, remove);
        }
    }

    private void Changing(Action action)
    {
        try
        {
            action();
        }
        finally
        {
            hooks?.Changed();
        }
    }

    private T Changing<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        finally
        {
            hooks?.Changed();
        }
    }
}
