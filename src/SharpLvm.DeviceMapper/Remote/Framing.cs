using System.Buffers.Binary;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>
/// Frames of the control protocol: a 4-byte big-endian payload length, then the payload. A length over the
/// reader's limit is refused before anything is allocated.
/// </summary>
public static class Framing
{
    /// <summary>The largest request the daemon reads (a table of tens of thousands of lines still fits).</summary>
    public const int MaxRequestBytes = 1 << 20;

    /// <summary>The largest response a client reads (listings of many thousand devices).</summary>
    public const int MaxResponseBytes = 256 << 20;

    private const int HeaderBytes = 4;

    public static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>The next payload; null at a clean end of stream before a frame starts.</summary>
    public static byte[]? Read(Stream stream, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderBytes];
        int got = ReadFully(stream, header);
        if (got == 0)
        {
            return null;
        }
        if (got < HeaderBytes)
        {
            throw Truncated();
        }
        int length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < 0 || length > maxBytes)
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                $"Control frame of {(uint)length} bytes refused: the limit is {maxBytes} bytes.");
        }
        var payload = new byte[length];
        if (ReadFully(stream, payload) < length)
        {
            throw Truncated();
        }
        return payload;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = stream.Read(buffer[done..]);
            if (n == 0)
            {
                break;
            }
            done += n;
        }
        return done;
    }

    private static StorageException Truncated() =>
        new(ErrorCode.IoError, "Control connection closed in the middle of a frame.");
}
