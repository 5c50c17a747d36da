using System.Diagnostics;
using SharpLvm.Cli;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>Starts the built CLI (SharpLvm.Cli.dll next to the tests) in a separate process with <c>dotnet</c>.</summary>
internal static class CliProcess
{
    public static string Dll => typeof(CliApp).Assembly.Location;

    /// <summary>A process running a shell loop of CLI invocations; stderr and stdout are captured.</summary>
    public static Process StartShell(string script, string systemDir)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["LVM_SYSTEM_DIR"] = systemDir;
        info.Environment["SHARPLVM"] = "dotnet " + Dll;
        info.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start /bin/sh");
    }
}
