using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>dm-zero (6.1): reads are zeros, writes are dropped, flush succeeds, discard is not supported (EIO).</summary>
internal sealed class ZeroIo(string device) : ITargetIo
{
    public void Read(Sectors offset, Span<byte> buffer) => buffer.Clear();

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
    }

    public void Flush()
    {
    }

    public void Discard(Sectors offset, Sectors length) =>
        throw new StorageException(ErrorCode.IoError, $"{device}: discard at target sector {offset} failed: the zero target does not support discard");

    public void Dispose()
    {
    }
}
