using System.Buffers;
using System.Net.Sockets;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Protocol;

namespace SharpLvm.Nbd.Server;

/// <summary>
/// One client connection: handshake, then a reader that admits requests within the in-flight budget and
/// runs each on the thread pool; replies go out as they complete (out of order), one message at a time.
/// </summary>
internal sealed class NbdConnection : IExportSession, IDisposable
{
    private readonly Socket _socket;
    private readonly SocketReader _reader;
    private readonly INbdExportProvider _exports;
    private readonly NbdServerOptions _options;
    private readonly string _peer;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _reading;
    private readonly InFlightBudget _budget;
    private readonly ReplySender _sender;
    private readonly IoWatchdog _watchdog;

    public NbdConnection(Socket socket, INbdExportProvider exports, NbdServerOptions options, string peer)
    {
        _socket = socket;
        _reader = new SocketReader(socket);
        _exports = exports;
        _options = options;
        _peer = peer;
        _reading = CancellationTokenSource.CreateLinkedTokenSource(_stopReading.Token, _abort.Token);
        _budget = new InFlightBudget(options.MaxInFlightRequests, options.MaxInFlightBytes);
        _watchdog = new IoWatchdog(options.IoTimeout, () =>
        {
            Log($"client stalled for over {options.IoTimeout.TotalSeconds:0.###} s: disconnecting");
            Abort();
        });
        _sender = new ReplySender(socket, _watchdog, _abort.Token);
    }

    public void BeginShutdown()
    {
        try
        {
            _stopReading.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async Task RunAsync()
    {
        NbdExport? attached = null;
        try
        {
            NegotiatedSession? session;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopReading.Token))
            {
                handshake.CancelAfter(_options.HandshakeTimeout);
                session = await new Negotiation(_socket, _reader, _exports).RunAsync(handshake.Token).ConfigureAwait(false);
            }
            if (session is null || !session.Export.TryAttach(this))
            {
                return;
            }
            attached = session.Export;
            Log($"serving export \"{attached.Name}\" ({(session.StructuredReplies ? "structured" : "simple")} replies)");
            await TransmitAsync(session).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NbdProtocolException or EndOfStreamException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Log($"closing: {e.Message}");
        }
        finally
        {
            Abort();
            await _budget.WhenIdleAsync().ConfigureAwait(false);
            attached?.Detach(this);
        }
    }

    private async Task TransmitAsync(NegotiatedSession session)
    {
        var export = session.Export;
        ulong size = export.Device.Size.Bytes;
        var header = new byte[NbdMagic.RequestLength];
        try
        {
            while (true)
            {
                if (!await _reader.TryReadExactlyAsync(header, _reading.Token).ConfigureAwait(false))
                {
                    // The client closed its side; answer what it already sent (it may still be reading).
                    await _budget.WhenIdleAsync().ConfigureAwait(false);
                    return;
                }
                if (!NbdRequest.TryParse(header, out var request))
                {
                    throw new NbdProtocolException("request without the request magic");
                }
                if (request.Command == NbdCommand.Disconnect)
                {
                    await _budget.WhenIdleAsync().ConfigureAwait(false);
                    return;
                }
                var error = RequestCheck.Validate(request, export, size, session.StructuredReplies);
                if (error != NbdError.None)
                {
                    await RefuseAsync(request, error, session.StructuredReplies).ConfigureAwait(false);
                    continue;
                }
                await AdmitAsync(request, export, session.StructuredReplies).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopReading.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            // Shutdown: the requests already admitted are answered before the connection closes.
            await _budget.WhenIdleAsync().ConfigureAwait(false);
        }
    }

    private async Task RefuseAsync(NbdRequest request, NbdError error, bool structured)
    {
        string message = $"{request.Command} of {request.Length} bytes at offset {request.Offset} refused: {error}";
        if (request.Command == NbdCommand.Write)
        {
            if (request.Length > NbdMagic.MaxPayload)
            {
                // The payload cannot be taken in, so the stream cannot be resynchronised.
                await SendAsync(ReplyBuilder.Error(structured, request.Cookie, error, message)).ConfigureAwait(false);
                throw new NbdProtocolException($"write payload of {request.Length} bytes is over the 32 MiB limit");
            }
            _watchdog.BeginReceive();
            try
            {
                await _reader.SkipAsync(request.Length, _abort.Token).ConfigureAwait(false);
            }
            finally
            {
                _watchdog.EndReceive();
            }
        }
        await SendAsync(ReplyBuilder.Error(structured, request.Cookie, error, message)).ConfigureAwait(false);
    }

    private async Task AdmitAsync(NbdRequest request, NbdExport export, bool structured)
    {
        long bytes = request.Command is NbdCommand.Read or NbdCommand.Write ? request.Length : 0;
        await _budget.AcquireAsync(bytes, _reading.Token).ConfigureAwait(false);
        byte[]? buffer = null;
        try
        {
            if (bytes > 0)
            {
                buffer = ArrayPool<byte>.Shared.Rent((int)bytes);
            }
            if (request.Command == NbdCommand.Write)
            {
                _watchdog.BeginReceive();
                try
                {
                    await _reader.ReadExactlyAsync(buffer.AsMemory(0, (int)request.Length), _abort.Token).ConfigureAwait(false);
                }
                finally
                {
                    _watchdog.EndReceive();
                }
            }
        }
        catch
        {
            Finish(buffer, bytes);
            throw;
        }
        _ = Task.Run(() => ExecuteAsync(request, export, structured, buffer, bytes));
    }

    private async Task ExecuteAsync(NbdRequest request, NbdExport export, bool structured, byte[]? buffer, long bytes)
    {
        try
        {
            NbdError error = NbdError.None;
            string? message = null;
            try
            {
                Perform(request, export, buffer);
            }
            catch (StorageException e)
            {
                error = e.Code switch
                {
                    ErrorCode.NoSpace => NbdError.NoSpace,
                    ErrorCode.InvalidArgument => NbdError.Invalid,
                    _ => NbdError.Io,
                };
                message = e.Message;
            }
            catch (Exception e)
            {
                // A device that fails in an unexpected way must not take the connection down with it.
                error = NbdError.Io;
                message = e.Message;
            }
            if (error != NbdError.None)
            {
                Log($"{request.Command} at offset {request.Offset}: {message}");
                await SendAsync(ReplyBuilder.Error(structured, request.Cookie, error, message)).ConfigureAwait(false);
            }
            else if (request.Command == NbdCommand.Read)
            {
                var header = ReplyBuilder.ReadHeader(structured, request.Cookie, request.Offset, request.Length);
                await _sender.SendAsync(header, buffer, (int)request.Length).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(ReplyBuilder.Success(request.Cookie)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Log($"reply to {request.Command} not sent: {e.Message}");
            Abort();
        }
        finally
        {
            Finish(buffer, bytes);
        }
    }

    private static void Perform(NbdRequest request, NbdExport export, byte[]? buffer)
    {
        var device = export.Device;
        if (request.Length > 0)
        {
            switch (request.Command)
            {
                case NbdCommand.Read:
                    DeviceOperations.Read(device, request.Offset, buffer.AsSpan(0, (int)request.Length));
                    break;
                case NbdCommand.Write:
                    DeviceOperations.Write(export, request.Offset, buffer.AsSpan(0, (int)request.Length));
                    break;
                case NbdCommand.Trim:
                    DeviceOperations.Trim(device, request.Offset, request.Length);
                    break;
                case NbdCommand.WriteZeroes:
                    DeviceOperations.WriteZeroes(export, request.Offset, request.Length);
                    break;
            }
        }
        bool flush = request.Command == NbdCommand.Flush
            || (request.Flags.HasFlag(CommandFlags.Fua) && request.Command is not NbdCommand.Read);
        if (flush && !export.ReadOnly)
        {
            device.Flush();
        }
    }

    private async Task SendAsync(byte[] message) => await _sender.SendAsync(message).ConfigureAwait(false);

    private void Finish(byte[]? buffer, long bytes)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _budget.Release(bytes);
    }

    /// <summary>Hard disconnect: pending sends and receives fail at once.</summary>
    private void Abort()
    {
        try
        {
            _abort.Cancel();
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Log(string message) => _options.Log?.Invoke($"nbd {_peer}: {message}");

    public void Dispose()
    {
        _watchdog.Dispose();
        _socket.Dispose();
        _sender.Dispose();
        _reading.Dispose();
        _stopReading.Dispose();
        _abort.Dispose();
    }
}
