using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>
/// A sparse in-memory device: storage is allocated in 64 KiB chunks on first write, so a test can
/// have a large device cheaply. Unwritten sectors read as zeros.
/// </summary>
public sealed class MemoryBlockDevice : IBlockDevice
{
    private const int ChunkShift = 16;
    private const int ChunkSize = 1 << ChunkShift;
    private readonly byte[]?[] _chunks;

    public MemoryBlockDevice(Sectors size, string name = "memory", bool readOnly = false)
    {
        Size = size;
        Name = name;
        ReadOnly = readOnly;
        _chunks = new byte[]?[checked((int)((size.Bytes + ChunkSize - 1) >> ChunkShift))];
    }

    /// <summary>A device holding a copy of <paramref name="content"/> (padded with zeros to whole sectors).</summary>
    public static MemoryBlockDevice FromBytes(ReadOnlySpan<byte> content, string name = "memory")
    {
        var device = new MemoryBlockDevice(Sectors.CoveringBytes((ulong)content.Length), name);
        device.WriteBytes(0, content);
        return device;
    }

    public string Name { get; }

    public Sectors Size { get; }

    public bool ReadOnly { get; }

    /// <summary>Counts of operations, for tests that assert what a command did.</summary>
    public long WriteCount => Interlocked.Read(ref _writes);

    private long _writes;

    public void Read(Sectors offset, Span<byte> buffer)
    {
        BlockDeviceChecks.CheckRange(this, offset, buffer.Length);
        ulong position = offset.Bytes;
        while (!buffer.IsEmpty)
        {
            int index = (int)(position >> ChunkShift);
            int within = (int)(position & (ChunkSize - 1));
            int n = Math.Min(buffer.Length, ChunkSize - within);
            byte[]? chunk = Volatile.Read(ref _chunks[index]);
            if (chunk is null)
            {
                buffer[..n].Clear();
            }
            else
            {
                chunk.AsSpan(within, n).CopyTo(buffer);
            }
            buffer = buffer[n..];
            position += (ulong)n;
        }
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, buffer.Length);
        Interlocked.Increment(ref _writes);
        ulong position = offset.Bytes;
        while (!buffer.IsEmpty)
        {
            int index = (int)(position >> ChunkShift);
            int within = (int)(position & (ChunkSize - 1));
            int n = Math.Min(buffer.Length, ChunkSize - within);
            buffer[..n].CopyTo(ChunkFor(index).AsSpan(within, n));
            buffer = buffer[n..];
            position += (ulong)n;
        }
    }

    private byte[] ChunkFor(int index)
    {
        byte[]? chunk = Volatile.Read(ref _chunks[index]);
        if (chunk is not null)
        {
            return chunk;
        }
        var fresh = new byte[ChunkSize];
        return Interlocked.CompareExchange(ref _chunks[index], fresh, null) ?? fresh;
    }

    public void Flush()
    {
    }

    public void Discard(Sectors offset, Sectors length)
    {
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, length);
        // Contents after a discard are unspecified; keeping them is the simplest correct choice.
    }

    /// <summary>A copy of the whole content (for snapshots in crash tests).</summary>
    public byte[] ToArray()
    {
        var all = new byte[checked((int)Size.Bytes)];
        Read(Sectors.Zero, all);
        return all;
    }

    public void Dispose()
    {
    }
}
