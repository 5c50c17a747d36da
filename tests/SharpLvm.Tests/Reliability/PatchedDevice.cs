using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// A read-only device over an image whose first bytes are replaced by a (fuzzed) patch: no copy of the image
/// per input. Reads past the end fail as a real device's do.
/// </summary>
internal sealed class PatchedDevice(byte[] image, byte[] patch) : IBlockDevice
{
    public string Name => "fuzz";

    public Sectors Size { get; } = Sectors.FromBytes((ulong)image.Length);

    public bool ReadOnly => true;

    public void Read(Sectors offset, Span<byte> buffer)
    {
        ulong start = offset.Bytes;
        if (start > (ulong)image.Length || (ulong)buffer.Length > (ulong)image.Length - start)
        {
            throw new StorageException(ErrorCode.IoError, $"read of {buffer.Length} bytes at sector {offset} is past the end");
        }
        image.AsSpan((int)start, buffer.Length).CopyTo(buffer);
        if (start < (ulong)patch.Length)
        {
            ReadOnlySpan<byte> over = patch.AsSpan((int)start, Math.Min(buffer.Length, patch.Length - (int)start));
            over.CopyTo(buffer);
        }
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer) => throw new StorageException(ErrorCode.InvalidState, "fuzz device is read-only");

    public void Flush()
    {
    }

    public void Discard(Sectors offset, Sectors length) => throw new StorageException(ErrorCode.InvalidState, "fuzz device is read-only");

    public void Dispose()
    {
    }
}
