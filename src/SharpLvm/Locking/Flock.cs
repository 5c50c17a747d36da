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
