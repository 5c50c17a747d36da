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
}
