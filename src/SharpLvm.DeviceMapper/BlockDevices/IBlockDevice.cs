using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>
/// A sector-addressed device: an image file, a real block device, memory, a fault injector,
/// or a device-mapper device of our own engine. Offsets and lengths are whole 512-byte sectors;
/// buffers must be a multiple of 512 bytes long. Implementations are safe to call from many
/// threads at once (like a disk: concurrent writes to the same sectors may interleave).
/// </summary>
public interface IBlockDevice : IDisposable
{
    /// <summary>What to call the device in messages: a path or a device name.</summary>
    string Name { get; }

    Sectors Size { get; }

    bool ReadOnly { get; }

    void Read(Sectors offset, Span<byte> buffer);

    void Write(Sectors offset, ReadOnlySpan<byte> buffer);

    /// <summary>Makes every completed write durable.</summary>
    void Flush();

    /// <summary>Tells the device the range is unused. Contents read back afterwards are unspecified.</summary>
    void Discard(Sectors offset, Sectors length);

    /// <summary>
    /// Reads consecutive bytes from <paramref name="offset"/> into <paramref name="buffers"/> in order (a vectored
    /// read, preadv). The default reads each buffer in turn; file devices do it in one call.
    /// </summary>
    void ReadVector(Sectors offset, IReadOnlyList<Memory<byte>> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ulong at = offset.Bytes;
        foreach (Memory<byte> b in buffers)
        {
            Read(Sectors.FromBytes(at), b.Span);
            at += (ulong)b.Length;
        }
    }

    /// <summary>Writes <paramref name="buffers"/> as consecutive bytes from <paramref name="offset"/> (pwritev); the default writes each in turn.</summary>
    void WriteVector(Sectors offset, IReadOnlyList<ReadOnlyMemory<byte>> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ulong at = offset.Bytes;
        foreach (ReadOnlyMemory<byte> b in buffers)
        {
            Write(Sectors.FromBytes(at), b.Span);
            at += (ulong)b.Length;
        }
    }
}
