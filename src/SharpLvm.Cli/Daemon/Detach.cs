using System.Runtime.InteropServices;

namespace SharpLvm.Cli.Daemon;

/// <summary>setsid(2): the background daemon leaves its parent's session and terminal (Ctrl-C there does not reach it).</summary>
internal static partial class Detach
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsid();

    public static void NewSession()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = setsid();
        }
    }
}
