using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>The few Linux calls that .NET does not wrap (source-generated, AOT-safe).</summary>
internal static partial class NativeMethods
{
    private const ulong BlkGetSize64 = 0x80081272; // _IOR(0x12, 114, size_t)
    private const ulong BlkDiscard = 0x1277;       // _IO(0x12, 119)
    private const int FallocFlPunchHole = 0x02;
    private const int FallocFlKeepSize = 0x01;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(SafeFileHandle fd, ulong request, ref ulong value);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(SafeFileHandle fd, ulong request, [In] ulong[] range);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fallocate(SafeFileHandle fd, int mode, long offset, long length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(SafeFileHandle fd);

    /// <summary>Size in bytes of a block device (BLKGETSIZE64), or null when the handle is not a block device.</summary>
    public static long? TryBlockDeviceSize(SafeFileHandle handle)
    {
        ulong size = 0;
        return ioctl(handle, BlkGetSize64, ref size) == 0 ? checked((long)size) : null;
    }

    public static bool Fsync(SafeFileHandle handle) => fsync(handle) == 0;

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>Deallocates a byte range of a regular file; false where the file system cannot.</summary>
    public static bool PunchHole(SafeFileHandle handle, long offset, long length) =>
        fallocate(handle, FallocFlPunchHole | FallocFlKeepSize, offset, length) == 0;

    /// <summary>BLKDISCARD on a block device; false where the device cannot.</summary>
    public static bool DiscardBlocks(SafeFileHandle handle, long offset, long length) =>
        ioctl(handle, BlkDiscard, [(ulong)offset, (ulong)length]) == 0;
}
