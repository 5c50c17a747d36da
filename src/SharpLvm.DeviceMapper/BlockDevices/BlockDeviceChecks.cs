using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>Argument checks every <see cref="IBlockDevice"/> implementation shares.</summary>
public static class BlockDeviceChecks
{
    /// <summary>Checks that <paramref name="byteLength"/> is whole sectors and the range lies inside the device.</summary>
    public static void CheckRange(IBlockDevice device, Sectors offset, int byteLength)
    {
        if ((byteLength & (Sectors.SectorSize - 1)) != 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                $"{device.Name}: I/O length {byteLength} bytes is not a whole number of 512-byte sectors");
        }
        CheckRange(device, offset, new Sectors((ulong)byteLength >> Sectors.SectorShift));
    }

    public static void CheckRange(IBlockDevice device, Sectors offset, Sectors length)
    {
        var size = device.Size;
        if (offset > size || length > size - offset)
        {
            throw new StorageException(ErrorCode.IoError,
                $"{device.Name}: access beyond end of device: sectors {offset}+{length}, device has {size}");
        }
    }

    public static void CheckWritable(IBlockDevice device)
    {
        if (device.ReadOnly)
        {
            throw new StorageException(ErrorCode.IoError, $"{device.Name}: device is read-only");
        }
    }
}
