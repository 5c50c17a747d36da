using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>dm-error: reads, writes and discards fail; it takes no flush bios, so a flush succeeds.</summary>
internal sealed class ErrorIo(string device) : ITargetIo
{
    private StorageException Fail(string what, Sectors sector) =>
        new(ErrorCode.IoError, $"{device}: {what} at target sector {sector} failed: error target");

    public void Read(Sectors offset, Span<byte> buffer) => throw Fail("read", offset);

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer) => throw Fail("write", offset);

    public void Flush()
    {
    }

    public void Discard(Sectors offset, Sectors length) => throw Fail("discard", offset);

    public void Dispose()
    {
    }
}
