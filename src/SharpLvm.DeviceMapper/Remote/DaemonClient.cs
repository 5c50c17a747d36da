using System.Net.Sockets;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>
/// The engine in the <c>sharplvm daemon</c>, reached over its control socket: every call is one request and
/// its response; a <see cref="StorageException"/> in the daemon is rethrown here with its code, message and
/// hint. Devices outlive this process (<see cref="Persistent"/>). Calls are serialised on one connection.
/// </summary>
public sealed class DaemonClient : IDeviceHost
{
    private readonly Lock _lock = new();
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private DaemonClient(Socket socket, string path, uint daemonPid)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        SocketPath = path;
        DaemonPid = daemonPid;
    }

    public bool Persistent => true;

    public string SocketPath { get; }

    /// <summary>The daemon's process id, as it answered the first ping.</summary>
    public uint DaemonPid { get; }

    /// <summary>Connects and pings; null when nothing answers on <paramref name="path"/> (no file, refused, stale socket).</summary>
    public static DaemonClient? TryConnect(string path)
    {
        if (!Path.Exists(path))
        {
            return null;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.ReceiveTimeout = 10_000;
            using var stream = new NetworkStream(socket, ownsSocket: false);
            Framing.Write(stream, new WireWriter().Byte((byte)ControlOp.Ping).WrittenSpan);
            var reply = Framing.Read(stream, Framing.MaxResponseBytes);
            if (reply is null)
            {
                socket.Dispose();
                return null;
            }
            var reader = new WireReader(reply);
            if ((ControlReply)reader.Byte() != ControlReply.Ok)
            {
                socket.Dispose();
                return null;
            }
            uint pid = reader.UInt32();
            socket.ReceiveTimeout = 0;
            return new DaemonClient(socket, path, pid);
        }
        catch (Exception e) when (e is SocketException or IOException or StorageException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Connects to the daemon at <paramref name="path"/>, or throws NotFound with how to start one.</summary>
    public static DaemonClient Connect(string path) =>
        TryConnect(path) ?? throw DeviceHosts.NoDaemon(path);

    private WireReader Call(WireWriter request, Action<ulong, ulong>? progress = null)
    {
        lock (_lock)
        {
            byte[]? reply;
            try
            {
                Framing.Write(_stream, request.WrittenSpan);
                while (true)
                {
                    reply = Framing.Read(_stream, Framing.MaxResponseBytes);
                    if (reply is null || reply.Length == 0 || reply[0] != (byte)ControlReply.Progress)
                    {
                        break;
                    }
                    var p = new WireReader(reply);
                    p.Byte();
                    progress?.Invoke(p.UInt64(), p.UInt64());
                }
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                throw Lost(e);
            }
            if (reply is null)
            {
                throw Lost(null);
            }
            var reader = new WireReader(reply);
            switch ((ControlReply)reader.Byte())
            {
                case ControlReply.Ok:
                    return reader;
                case ControlReply.Error:
                    var code = (ErrorCode)reader.UInt32();
                    string message = reader.String();
                    throw new StorageException(code, message, reader.OptionalString());
                default:
                    throw new StorageException(ErrorCode.Corrupt, $"The daemon on {SocketPath} sent an unknown reply.");
            }
        }
    }

    private StorageException Lost(Exception? inner) =>
        new(ErrorCode.IoError, $"The sharplvm daemon on {SocketPath} closed the connection.",
            "it may have stopped; check it and retry", inner);

    private static WireWriter Request(ControlOp op) => new WireWriter().Byte((byte)op);

    public DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false)
    {
        var request = Request(ControlOp.Create).String(name.Value).OptionalString(uuid?.Value);
        (number is { } n ? request.Bool(true).Number(n) : request.Bool(false)).Bool(readOnly);
        return Call(request).Info();
    }

    public void Load(DmName name, Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Call(Request(ControlOp.Load).String(name.Value).String(table.ToString()));
    }

    public void ClearInactive(DmName name) => Call(Request(ControlOp.ClearInactive).String(name.Value));

    public void Suspend(DmName name, bool flush = true) => Call(Request(ControlOp.Suspend).String(name.Value).Bool(flush));

    public void Resume(DmName name) => Call(Request(ControlOp.Resume).String(name.Value));

    public void Rename(DmName name, DmName newName) => Call(Request(ControlOp.Rename).String(name.Value).String(newName.Value));

    public void Remove(DmName name, bool force = false) => Call(Request(ControlOp.Remove).String(name.Value).Bool(force));

    public DeviceInfo? TryGetInfo(DmName name) => Call(Request(ControlOp.InfoByName).String(name.Value)).OptionalInfo();

    public DeviceInfo? TryGetInfo(DeviceNumber number) => Call(Request(ControlOp.InfoByNumber).Number(number)).OptionalInfo();

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid) => Call(Request(ControlOp.InfoByUuid).String(uuid.Value)).OptionalInfo();

    public Table? GetTable(DmName name, bool inactive = false) =>
        Call(Request(ControlOp.Table).String(name.Value).Bool(inactive)).OptionalString() is { } text ? Table.Parse(text) : null;

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false)
    {
        var reader = Call(Request(ControlOp.Dependencies).String(name.Value).Bool(inactive));
        int count = reader.Count(8);
        var list = new DeviceNumber[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = reader.Number();
        }
        return list;
    }

    public IReadOnlyList<DeviceInfo> List()
    {
        var reader = Call(Request(ControlOp.List));
        int count = reader.Count();
        var list = new DeviceInfo[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = reader.Info();
        }
        return list;
    }

    public IReadOnlyList<string> GetStatus(DmName name)
    {
        var reader = Call(Request(ControlOp.Status).String(name.Value));
        int count = reader.Count(4);
        var lines = new string[count];
        for (int i = 0; i < count; i++)
        {
            lines[i] = reader.String();
        }
        return lines;
    }

    public string SendMessage(DmName name, Sectors sector, string message) =>
        Call(Request(ControlOp.Message).String(name.Value).UInt64(sector.Value).String(message)).String();

    /// <summary>Attaches by absolute path (made absolute here: the daemon's working directory is not ours).</summary>
    public DeviceNumber Attach(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Call(Request(ControlOp.Attach).String(Path.GetFullPath(path))).Number();
    }

    public bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null) =>
        Call(Request(ControlOp.WaitForSync).String(name.Value).UInt64((ulong)Math.Max(0, timeout.TotalMilliseconds)), progress).Bool();

    /// <summary>DM_DEV_WAIT: waits until the device's event number differs from <paramref name="eventNumber"/>; returns the current one.</summary>
    public uint WaitForEvent(DmName name, uint eventNumber, TimeSpan timeout) =>
        Call(Request(ControlOp.WaitForEvent).String(name.Value).UInt32(eventNumber).UInt64((ulong)Math.Max(0, timeout.TotalMilliseconds))).UInt32();

    /// <summary>The target types the daemon's engine provides.</summary>
    public IReadOnlyList<TargetVersion> Targets()
    {
        var reader = Call(Request(ControlOp.Targets));
        int count = reader.Count(16);
        var list = new TargetVersion[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = new TargetVersion(reader.String(), reader.UInt32(), reader.UInt32(), reader.UInt32());
        }
        return list;
    }

    /// <summary>The devices attached to the daemon's engine: number, path (if any) and size.</summary>
    public IReadOnlyList<RegisteredDevice> RegisteredDevices()
    {
        var reader = Call(Request(ControlOp.Registered));
        int count = reader.Count(17);
        var list = new RegisteredDevice[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = new RegisteredDevice(reader.Number(), reader.OptionalString(), new Sectors(reader.UInt64()));
        }
        return list;
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>A block device attached to the daemon's engine.</summary>
public sealed record RegisteredDevice(DeviceNumber Number, string? Path, Sectors Size);
