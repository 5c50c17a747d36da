using System.Net.Sockets;

namespace SharpLvm.Nbd.Server;

/// <summary>
/// Sends whole messages one at a time (replies of concurrent requests never interleave bytes).
/// A send that does not finish within the I/O timeout aborts the connection.
/// </summary>
internal sealed class ReplySender : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationToken _abort;

    public ReplySender(Socket socket, TimeSpan timeout, CancellationToken abort)
    {
        _socket = socket;
        _timeout = timeout;
        _abort = abort;
    }

    /// <summary>Sends a header then an optional payload as one message.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload = default)
    {
        await _lock.WaitAsync(_abort).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort);
            timeout.CancelAfter(_timeout);
            await SendAllAsync(header, timeout.Token).ConfigureAwait(false);
            await SendAllAsync(payload, timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int n = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[n..];
        }
    }

    public void Dispose() => _lock.Dispose();
}
