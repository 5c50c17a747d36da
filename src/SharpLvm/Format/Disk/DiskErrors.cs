using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Format.Disk;

/// <summary>Builds the errors of the on-disk layer: every one names the device and the byte offset.</summary>
internal static class DiskErrors
{
    public static StorageException Corrupt(string device, ulong byteOffset, string what) =>
        new(ErrorCode.Corrupt, $"{device}: {what} at byte offset {byteOffset}.",
            "Check the device with pvck; restore the metadata from a backup with vgcfgrestore if it is damaged.");
}
