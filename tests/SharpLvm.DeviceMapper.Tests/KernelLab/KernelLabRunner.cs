using System.Diagnostics;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.KernelLab;

/// <summary>
/// Runs a guest script in shared/kernel-lab (a QEMU guest booting Debian's stock kernel, see its README):
/// disks are image files on the host, the script's output comes back on stdout.
/// </summary>
internal static class KernelLabRunner
{
    /// <summary>Printed by every guest script first: its absence means the lab itself could not run.</summary>
    public const string ReadyMarker = "kernel-lab-ready";

    /// <summary>Generous: the first run installs qemu with apt and builds the kernel cache (minutes on a slow mirror).</summary>
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(20);

    public static string? Script => TestPaths.Shared is { } shared ? Path.Combine(shared, "kernel-lab", "kernel-lab") : null;

    /// <summary>Why the lab cannot run here, or null when it can.</summary>
    public static string? WhyNot()
    {
        if (Script is not { } script || !File.Exists(script))
        {
            return "shared/kernel-lab/kernel-lab not found beside the repository (set SHARPLVM_SHARED)";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root: kernel-lab installs qemu-system-x86 with apt-get and caches the kernel in /var/cache/kernel-lab";
        }
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get") && !File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            return "kernel-lab needs a Debian host (apt-get) or qemu-system-x86_64 installed";
        }
        return null;
    }

    /// <summary>Boots the lab with <paramref name="disks"/> as /dev/vda, /dev/vdb, ... and runs <paramref name="guestScript"/> (busybox sh).</summary>
    public static LabResult Run(IReadOnlyList<string> disks, string guestScript, string workDir, int timeoutSeconds = 300)
    {
        string scriptPath = Path.Combine(workDir, "guest.sh");
        File.WriteAllText(scriptPath, guestScript);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script!);
        foreach (string disk in disks)
        {
            start.ArgumentList.Add("--disk");
            start.ArgumentList.Add(disk);
        }
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(scriptPath);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start kernel-lab");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProcessTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new LabResult(-1, stdout.Result, stderr.Result + $"\nkernel-lab did not finish in {ProcessTimeout}", watch.Elapsed);
        }
        return new LabResult(process.ExitCode, stdout.Result, stderr.Result, watch.Elapsed);
    }
}

/// <summary>What a lab run gave: the guest script's exit status (124 timeout, 125 guest died), its output, the lab's own messages.</summary>
internal sealed record LabResult(int ExitCode, string Output, string Errors, TimeSpan Elapsed)
{
    public IEnumerable<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>False when the guest never started the script (no apt, no kernel package, qemu failing): the lab is unavailable.</summary>
    public bool GuestRan => Lines.Contains(KernelLabRunner.ReadyMarker);

    /// <summary>The rest of the first line starting with "<paramref name="key"/> ", or null.</summary>
    public string? Value(string key) =>
        Lines.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..];

    public override string ToString() => $"kernel-lab exited {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- output\n{Output}\n--- kernel-lab\n{Errors}";
}
