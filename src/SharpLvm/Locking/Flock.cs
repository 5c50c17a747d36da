using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SharpLvm.Locking;

/// <summary>flock(2), which .NET does not expose as a blocking call (source-generated, AOT-safe).</summary>
internal static partial class Flock
{
    public const int Shared = 1;    // LOCK_SH
    public const int Exclusive = 2; // LOCK_EX
    public const int NonBlocking = 4; // LOCK_NB
    public const int Unlock = 8;    // LOCK_UN
    private const int Eintr = 4;

    private const int OpenReadWrite = 0x2;    // O_RDWR
    private const int OpenCreate = 0x40;      // O_CREAT
    private const int OpenCloseOnExec = 0x80000; // O_CLOEXEC

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial SafeFileHandle OpenNative(string path, int flags, int mode);

    /// <summary>
    /// Opens (creating) a lock file with open(2) directly: .NET's own file opening takes a non-blocking
    /// advisory flock of its own, which would fail while another command holds the lock.
    /// </summary>
    public static SafeFileHandle OpenLockFile(string path, out int errno)
    {
        SafeFileHandle handle = OpenNative(path, OpenReadWrite | OpenCreate | OpenCloseOnExec, 0b110_100_100);
        errno = handle.IsInvalid ? Marshal.GetLastPInvokeError() : 0;
        return handle;
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(SafeFileHandle fd, int operation);

    /// <summary>Runs flock, retrying after a signal; returns 0 or the errno.</summary>
    public static int Run(SafeFileHandle handle, int operation)
    {
        while (true)
        {
            if (FlockNative(handle, operation) == 0)
            {
                return 0;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr)
            {
                return errno;
            }
        }
    }
}
