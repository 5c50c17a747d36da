using SharpLvm.DeviceMapper.BlockDevices;

namespace SharpLvm.Config;

/// <summary>Opens the device (image file or block device) at a full path, read-only or read-write.</summary>
public delegate IBlockDevice DeviceOpener(string path, bool readOnly);

/// <summary>The openers commands use.</summary>
public static class DeviceOpeners
{
    /// <summary>The real one: <see cref="FileBlockDevice.Open"/>.</summary>
    public static DeviceOpener File { get; } = (path, readOnly) => FileBlockDevice.Open(path, readOnly);
}
