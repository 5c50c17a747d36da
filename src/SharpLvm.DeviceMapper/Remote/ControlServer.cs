using System.Net.Sockets;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>
/// The daemon's control socket: a Unix stream socket (mode 0600) over an <see cref="InProcessDeviceHost"/>.
/// Each connection is served on its own thread, one request at a time, in <see cref="Framing"/> frames; any
/// number of connections at once. A request that fails comes back as its <see cref="StorageException"/>
/// (code, message, hint); a connection that breaks or sends garbage is closed without touching the others.
/// </summary>
public sealed class ControlServer : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ControlDispatcher _dispatcher;
    private readonly HashSet<Socket> _clients = [];
    private readonly List<Thread> _threads = [];
    private Socket? _listener;
    private Thread? _acceptThread;
    private bool _stopping;

    public ControlServer(InProcessDeviceHost host, IControlHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
        _dispatcher = new ControlDispatcher(host, hooks);
    }

    public InProcessDeviceHost Host { get; }

    public string? SocketPath { get; private set; }

    /// <summary>Optional log of broken connections and internal errors (the daemon prints them).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Binds <paramref name="path"/> (its directory created 0700 if missing) and starts accepting. A stale
    /// socket file nobody answers on is replaced; a live one is refused (AlreadyExists).
    /// </summary>
    public void Start(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ControlPaths.EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path) || Path.Exists(path))
        {
            if (DaemonClient.TryConnect(path) is { } live)
            {
                live.Dispose();
                throw new StorageException(ErrorCode.AlreadyExists, $"A sharplvm daemon already answers on {path}.",
                    "stop it first (kill its pid) or use another SHARPLVM_RUN_DIR");
            }
            File.Delete(path);
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            // Restricted before listen(): until then nobody can connect.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            listener.Listen(64);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new StorageException(ErrorCode.IoError, $"Cannot listen on {path}: {e.Message}", null, e);
        }
        SocketPath = path;
        _listener = listener;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "sharplvm-control-accept" };
        _acceptThread.Start();
    }

    private void AcceptLoop()
    {
        var listener = _listener!;
        while (true)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_lock)
            {
                if (_stopping)
                {
                    client.Dispose();
                    return;
                }
                _clients.Add(client);
                var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = "sharplvm-control-client" };
                _threads.Add(thread);
                _threads.RemoveAll(t => !t.IsAlive && t.ThreadState != ThreadState.Unstarted);
                thread.Start();
            }
        }
    }

    private void Serve(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            while (Framing.Read(stream, Framing.MaxRequestBytes) is { } payload)
            {
                Framing.Write(stream, Answer(client, stream, payload).WrittenSpan);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or StorageException)
        {
            // The client went away mid-request or sent an oversized or truncated frame: drop it only.
            Log?.Invoke($"control connection closed: {e.Message}");
        }
        finally
        {
            lock (_lock)
            {
                _clients.Remove(client);
            }
        }
    }

    private WireWriter Answer(Socket client, Stream stream, byte[] payload)
    {
        try
        {
            return _dispatcher.Execute(new WireReader(payload),
                (done, total) => Framing.Write(stream, new WireWriter().Byte((byte)ControlReply.Progress).UInt64(done).UInt64(total).WrittenSpan),
                () => Gone(client));
        }
        catch (StorageException e)
        {
            return Error(e.Code, e.Message, e.Hint);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            Log?.Invoke($"internal error: {e}");
            return Error(ErrorCode.Internal, $"Internal error in the daemon: {e.Message}", null);
        }
    }

    /// <summary>True when the client hung up (readable with nothing to read) while its request runs.</summary>
    private static bool Gone(Socket client)
    {
        try
        {
            return client.Poll(0, SelectMode.SelectRead) && client.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private static WireWriter Error(ErrorCode code, string message, string? hint) =>
        new WireWriter().Byte((byte)ControlReply.Error).UInt32((uint)code).String(message).OptionalString(hint);

    /// <summary>Stops accepting, closes every connection (requests in progress finish), removes the socket file.</summary>
    public void Stop()
    {
        Socket[] clients;
        Thread[] threads;
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }
            _stopping = true;
            clients = [.. _clients];
            threads = [.. _threads];
        }
        _listener?.Dispose();
        _acceptThread?.Join(TimeSpan.FromSeconds(5));
        foreach (var c in clients)
        {
            try
            {
                c.Shutdown(SocketShutdown.Receive);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed by its client.
            }
        }
        foreach (var t in threads)
        {
            t.Join(TimeSpan.FromSeconds(10));
        }
        if (SocketPath is not null && Path.Exists(SocketPath))
        {
            File.Delete(SocketPath);
        }
    }

    public void Dispose() => Stop();
}
