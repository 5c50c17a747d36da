using System.Collections.Concurrent;
using System.Diagnostics;
using SharpLvm.DeviceMapper.Remote;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>One CLI process run by the concurrency test: what it was, how it ended.</summary>
internal sealed record CliRun(string Kind, string Vg, string[] Args, int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    public override string ToString() => $"sharplvm {string.Join(' ', Args)} -> {ExitCode}: {Stderr.Trim()}";
}

/// <summary>
/// Starts CLI processes against one daemon (the Native AOT binary from SHARPLVM_AOT_BINARY when set, which starts
/// much faster, else <c>dotnet SharpLvm.Cli.dll</c>) and keeps every run, thread-safe.
/// </summary>
internal sealed class CliCommandLog(string runDir, string systemDir)
{
    private static readonly string? Aot = Environment.GetEnvironmentVariable("SHARPLVM_AOT_BINARY") is { Length: > 0 } p && File.Exists(p) ? p : null;

    private readonly ConcurrentQueue<CliRun> _runs = new();

    public IReadOnlyCollection<CliRun> Runs => _runs;

    public static string Binary => Aot ?? "dotnet " + CliProcess.Dll;

    public CliRun Run(string kind, string vg, params string[] args)
    {
        var info = new ProcessStartInfo(Aot ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Aot is null)
        {
            info.ArgumentList.Add(CliProcess.Dll);
        }
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment[ControlPaths.RunDirVariable] = runDir;
        info.Environment["LVM_SYSTEM_DIR"] = systemDir;
        info.Environment["DOTNET_TieredPGO"] = "0";
        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start the CLI");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        var run = new CliRun(kind, vg, args, p.HasExited ? p.ExitCode : -1, stdout.Result, stderr.Result);
        _runs.Enqueue(run);
        return run;
    }
}
