using System.Net.Sockets;

namespace SharpLvm.Nbd.Server;

/// <summary>Buffered exact reads from a stream socket; large reads go straight into the caller's buffer.</summary>
internal sealed class SocketReader
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public SocketReader(Socket socket) => _socket = socket;

    /// <summary>Fills <paramref name="destination"/>; false on a clean end of stream before the first byte.</summary>
    public async ValueTask<bool> TryReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (destination.IsEmpty)
        {
            return true;
        }
        if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Fills <paramref name="destination"/> or throws <see cref="EndOfStreamException"/>.</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            int buffered = _end - _start;
            if (buffered > 0)
            {
                int n = Math.Min(buffered, destination.Length);
                _buffer.AsMemory(_start, n).CopyTo(destination);
                _start += n;
                destination = destination[n..];
            }
            else if (destination.Length >= _buffer.Length)
            {
                int n = await _socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new EndOfStreamException("client closed the connection in the middle of a message");
                }
                destination = destination[n..];
            }
            else if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("client closed the connection in the middle of a message");
            }
        }
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes.</summary>
    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        byte[] scratch = new byte[Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            int n = (int)Math.Min(count, scratch.Length);
            await ReadExactlyAsync(scratch.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            count -= n;
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        int n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _start = 0;
        _end = n;
        return n > 0;
    }
}
