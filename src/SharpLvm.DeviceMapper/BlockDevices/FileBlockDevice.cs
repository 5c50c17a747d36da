using Microsoft.Win32.SafeHandles;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>
/// A device over an image file or a block device path, with positional I/O (safe from many threads).
/// An image file's size is rounded down to whole sectors.
/// </summary>
public sealed class FileBlockDevice : IBlockDevice
{
    private readonly SafeFileHandle _handle;
    private readonly bool _isBlockDevice;

    private FileBlockDevice(string path, SafeFileHandle handle, bool isBlockDevice, bool readOnly, Sectors size)
    {
        Name = path;
        _handle = handle;
        _isBlockDevice = isBlockDevice;
        ReadOnly = readOnly;
        Size = size;
    }

    public string Name { get; }

    public Sectors Size { get; }

    public bool ReadOnly { get; }

    public bool IsBlockDevice => _isBlockDevice;

    /// <summary>Opens an existing image file or block device.</summary>
    public static FileBlockDevice Open(string path, bool readOnly = false)
    {
        if (!Path.Exists(path))
        {
            throw new StorageException(ErrorCode.NotFound, $"Device {path} not found.");
        }
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
                FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(ErrorCode.IoError, $"Cannot open {path}: {e.Message}", null, e);
        }
        // BLKGETSIZE64 answers only for block devices; a regular file answers ENOTTY.
        long? blockBytes = NativeMethods.TryBlockDeviceSize(handle);
        long bytes = blockBytes ?? RandomAccess.GetLength(handle);
        return new FileBlockDevice(path, handle, blockBytes.HasValue, readOnly, new Sectors((ulong)bytes >> Sectors.SectorShift));
    }

    /// <summary>Creates (or truncates) a sparse image file of the given size and opens it.</summary>
    public static FileBlockDevice CreateImage(string path, Sectors size)
    {
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            stream.SetLength(checked((long)size.Bytes));
        }
        return Open(path);
    }

    public void Read(Sectors offset, Span<byte> buffer)
    {
        BlockDeviceChecks.CheckRange(this, offset, buffer.Length);
        long position = checked((long)offset.Bytes);
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try
            {
                n = RandomAccess.Read(_handle, buffer[done..], position + done);
            }
            catch (IOException e)
            {
                throw new StorageException(ErrorCode.IoError, $"{Name}: read failed at sector {offset}: {e.Message}", null, e);
            }
            if (n == 0)
            {
                // A file that shrank under us reads as zeros past its end, as a sparse image would.
                buffer[done..].Clear();
                return;
            }
            done += n;
        }
    }

    /// <summary>One preadv for all of <paramref name="buffers"/>; a short read (a file that shrank) falls back to <see cref="Read"/> per buffer.</summary>
    public void ReadVector(Sectors offset, IReadOnlyList<Memory<byte>> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        long total = 0;
        foreach (Memory<byte> b in buffers)
        {
            total += b.Length;
        }
        BlockDeviceChecks.CheckRange(this, offset, checked((int)total));
        long n;
        try
        {
            n = RandomAccess.Read(_handle, buffers, checked((long)offset.Bytes));
        }
        catch (IOException e)
        {
            throw new StorageException(ErrorCode.IoError, $"{Name}: read failed at sector {offset}: {e.Message}", null, e);
        }
        if (n < total)
        {
            ulong at = offset.Bytes;
            foreach (Memory<byte> b in buffers)
            {
                Read(Sectors.FromBytes(at), b.Span);
                at += (ulong)b.Length;
            }
        }
    }

    /// <summary>One pwritev for all of <paramref name="buffers"/>.</summary>
    public void WriteVector(Sectors offset, IReadOnlyList<ReadOnlyMemory<byte>> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        long total = 0;
        foreach (ReadOnlyMemory<byte> b in buffers)
        {
            total += b.Length;
        }
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, checked((int)total));
        try
        {
            RandomAccess.Write(_handle, buffers, checked((long)offset.Bytes));
        }
        catch (IOException e)
        {
            throw new StorageException(ErrorCode.IoError, $"{Name}: write failed at sector {offset}: {e.Message}", null, e);
        }
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, buffer.Length);
        try
        {
            RandomAccess.Write(_handle, buffer, checked((long)offset.Bytes));
        }
        catch (IOException e)
        {
            throw new StorageException(ErrorCode.IoError, $"{Name}: write failed at sector {offset}: {e.Message}", null, e);
        }
    }

    public void Flush()
    {
        if (ReadOnly)
        {
            return;
        }
        if (!NativeMethods.Fsync(_handle))
        {
            throw new StorageException(ErrorCode.IoError, $"{Name}: flush failed (errno {NativeMethods.LastError})");
        }
    }

    public void Discard(Sectors offset, Sectors length)
    {
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, length);
        if (length == Sectors.Zero)
        {
            return;
        }
        long start = checked((long)offset.Bytes), count = checked((long)length.Bytes);
        _ = _isBlockDevice ? NativeMethods.DiscardBlocks(_handle, start, count) : NativeMethods.PunchHole(_handle, start, count);
    }

    public void Dispose() => _handle.Dispose();
}
