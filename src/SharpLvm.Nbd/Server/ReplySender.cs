using System.Net.Sockets;

namespace SharpLvm.Nbd.Server;

/// <summary>
/// Sends whole messages one at a time (replies of concurrent requests never interleave bytes), header and
/// payload in one gathered send. The watchdog aborts the connection when a send stays stuck (the client
/// stopped reading); no timer is set per message.
/// </summary>
internal sealed class ReplySender : IDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationToken _abort;
    private readonly IoWatchdog _watchdog;
    private readonly ArraySegment<byte>[] _segments = new ArraySegment<byte>[2];

    public ReplySender(Socket socket, IoWatchdog watchdog, CancellationToken abort)
    {
        _socket = socket;
        _watchdog = watchdog;
        _abort = abort;
    }

    /// <summary>Sends <paramref name="header"/> then the first <paramref name="payloadLength"/> bytes of <paramref name="payload"/>.</summary>
    public async ValueTask SendAsync(byte[] header, byte[]? payload = null, int payloadLength = 0)
    {
        await _lock.WaitAsync(_abort).ConfigureAwait(false);
        _watchdog.BeginSend();
        try
        {
            int total = header.Length + payloadLength;
            int sent;
            if (payloadLength == 0)
            {
                sent = await _socket.SendAsync(header.AsMemory(), SocketFlags.None, _abort).ConfigureAwait(false);
            }
            else
            {
                _segments[0] = new ArraySegment<byte>(header);
                _segments[1] = new ArraySegment<byte>(payload!, 0, payloadLength);
                sent = await _socket.SendAsync(_segments, SocketFlags.None).ConfigureAwait(false);
            }
            // A stream socket normally takes everything; finish by hand if it did not.
            while (sent < total)
            {
                ReadOnlyMemory<byte> rest = sent < header.Length
                    ? header.AsMemory(sent)
                    : payload.AsMemory(sent - header.Length, total - sent);
                sent += await _socket.SendAsync(rest, SocketFlags.None, _abort).ConfigureAwait(false);
            }
        }
        finally
        {
            _watchdog.EndSend();
            _segments[1] = default;
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
