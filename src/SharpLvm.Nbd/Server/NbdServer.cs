using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Nbd.Exports;

namespace SharpLvm.Nbd.Server;

/// <summary>
/// An NBD server (fixed newstyle, NOTLS) serving the exports of an <see cref="INbdExportProvider"/> on any
/// number of Unix-socket and TCP listeners. Each connection runs independently: a misbehaving client only
/// loses its own connection.
/// </summary>
public sealed class NbdServer : IAsyncDisposable
{
    /// <summary>The IANA port of NBD.</summary>
    public const int DefaultPort = 10809;

    private const int SocketBufferBytes = 1024 * 1024;

    private readonly NbdServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<NbdConnection, Task> _connections = new();
    private readonly List<(Socket Socket, string? UnixPath, Task AcceptLoop)> _listeners = [];
    private readonly object _gate = new();
    private int _stopped;

    public NbdServer(INbdExportProvider exports, NbdServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(exports);
        Exports = exports;
        _options = options ?? new NbdServerOptions();
    }

    public INbdExportProvider Exports { get; }

    public NbdServerOptions Options => _options;

    /// <summary>Connections open right now (in handshake or transmission).</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>
    /// Listens on a Unix socket at <paramref name="path"/>, readable and writable by the owner only (0600).
    /// A stale socket file nobody listens on is replaced; a live one is an error.
    /// </summary>
    public void ListenUnix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentException e)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Unix socket path {path} is too long", null, e);
        }
        RemoveStaleSocket(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(endpoint);
            // Restrict before listen(): until then nobody can connect, so there is no window.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new StorageException(ErrorCode.IoError, $"Cannot listen for NBD on {path}: {e.Message}", null, e);
        }
        StartAccepting(socket, path);
    }

    /// <summary>
    /// Listens on TCP, by default on 127.0.0.1:10809 (NOTLS: keep it on loopback unless the network is trusted).
    /// Port 0 picks a free port. Returns the bound endpoint.
    /// </summary>
    public IPEndPoint ListenTcp(IPEndPoint? endpoint = null)
    {
        endpoint ??= new IPEndPoint(IPAddress.Loopback, DefaultPort);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new StorageException(ErrorCode.IoError, $"Cannot listen for NBD on {endpoint}: {e.Message}", null, e);
        }
        StartAccepting(socket, null);
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private void StartAccepting(Socket listener, string? unixPath)
    {
        lock (_gate)
        {
            if (_stopped != 0)
            {
                listener.Dispose();
                throw new StorageException(ErrorCode.InvalidState, "The NBD server is stopped");
            }
            _listeners.Add((listener, unixPath, Task.Run(() => AcceptLoopAsync(listener, unixPath))));
        }
    }

    private async Task AcceptLoopAsync(Socket listener, string? unixPath)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _options.Log?.Invoke($"nbd: accept failed: {e.Message}");
                continue;
            }
            if (_connections.Count >= _options.MaxConnections)
            {
                _options.Log?.Invoke($"nbd: refusing a connection: {_options.MaxConnections} already open");
                client.Dispose();
                continue;
            }
            if (client.ProtocolType == ProtocolType.Tcp)
            {
                client.NoDelay = true;
            }
            // Room for a few large replies and write payloads, so one send or receive rarely waits.
            client.SendBufferSize = SocketBufferBytes;
            client.ReceiveBufferSize = SocketBufferBytes;
            string peer = unixPath ?? client.RemoteEndPoint?.ToString() ?? "tcp";
            var connection = new NbdConnection(client, Exports, _options, peer);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = RunConnectionAsync(connection, started.Task);
            started.SetResult();
            if (_stopping.IsCancellationRequested)
            {
                connection.BeginShutdown();
            }
        }
    }

    private async Task RunConnectionAsync(NbdConnection connection, Task started)
    {
        await started.ConfigureAwait(false);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A bug in one connection must not take the server (or StopAsync) down.
            _options.Log?.Invoke($"nbd: connection failed: {e}");
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    /// <summary>
    /// Stops listening (Unix socket files are removed), lets every connection finish the requests it has
    /// read, and closes them. Exports and their devices are left alone.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        List<(Socket Socket, string? UnixPath, Task AcceptLoop)> listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
        }
        foreach (var (socket, unixPath, _) in listeners)
        {
            socket.Dispose();
            if (unixPath is not null)
            {
                TryDelete(unixPath);
            }
        }
        await Task.WhenAll(listeners.Select(l => l.AcceptLoop)).ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            connection.BeginShutdown();
        }
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }
        try
        {
            // A socket cannot be opened as a file (ENXIO); anything that can is not ours to delete.
            File.OpenHandle(path, FileMode.Open, FileAccess.Read).Dispose();
            throw new StorageException(ErrorCode.AlreadyExists, $"{path} exists and is not a socket");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            TryDelete(path);
            return;
        }
        throw new StorageException(ErrorCode.AlreadyExists, $"Another server is listening on {path}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
