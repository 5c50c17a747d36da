using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Cli;

/// <summary>Calls the on-disk layer's pvck dump.</summary>
internal static class PvckAdapter
{
    public static int Dump(IBlockDevice device, string what, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(device);
        _ = output;
        throw new StorageException(ErrorCode.Unsupported, $"pvck --dump {what} is not available yet ({device.Name} not read).");
    }
}
