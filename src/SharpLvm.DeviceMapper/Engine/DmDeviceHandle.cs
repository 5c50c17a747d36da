using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// An open of one of the engine's devices (like an open of /dev/dm-N): I/O goes through the device's live
/// table and waits while it is suspended. Counts in the device's open count until disposed.
/// </summary>
public sealed class DmDeviceHandle : IBlockDevice
{
    private readonly MappedDevice _device;
    private int _closed;

    internal DmDeviceHandle(MappedDevice device) => _device = device;

    public string Name => _device.DisplayName;

    /// <summary>The live table's size (0 with no live table), read at each call: it changes at resume.</summary>
    public Sectors Size => _device.Size;

    public bool ReadOnly => _device.ReadOnly;

    public void Read(Sectors offset, Span<byte> buffer)
    {
        CheckOpen();
        CheckWhole(buffer.Length);
        _device.Read(offset, buffer);
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        CheckOpen();
        CheckWhole(buffer.Length);
        _device.Write(offset, buffer);
    }

    public void Flush()
    {
        CheckOpen();
        _device.Flush();
    }

    public void Discard(Sectors offset, Sectors length)
    {
        CheckOpen();
        _device.Discard(offset, length);
    }

    private void CheckWhole(int byteLength)
    {
        if ((byteLength & (Sectors.SectorSize - 1)) != 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                $"{Name}: I/O length {byteLength} bytes is not a whole number of 512-byte sectors");
        }
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _device.Close();
        }
    }
}
