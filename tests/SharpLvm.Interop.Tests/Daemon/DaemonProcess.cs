using System.Diagnostics;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.Interop.Tests.Concurrency;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Daemon;

/// <summary>
/// A <c>sharplvm daemon</c> process (foreground) with its own SHARPLVM_RUN_DIR, and CLI processes pointed at it.
/// Dispose kills the daemon if it still runs and removes the directory.
/// </summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _daemon;
    private readonly Task<string> _stderr;

    public DaemonProcess(params string[] extraArgs)
    {
        Dir = new TempDir();
        _daemon = Start(["daemon", .. extraArgs]);
        _daemon.StandardInput.Close();
        _ = _daemon.StandardOutput.ReadToEndAsync();
        _stderr = _daemon.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        DaemonClient? client;
        while ((client = DaemonClient.TryConnect(ControlSocket)) is null)
        {
            if (_daemon.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"daemon did not start: {(_daemon.HasExited ? _stderr.Result : "timeout")}");
            }
            Thread.Sleep(50);
        }
        client.Dispose();
    }

    public TempDir Dir { get; }

    /// <summary>More environment for the CLI processes started after it is set (e.g. LVM_SYSTEM_DIR).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string ControlSocket => Dir.File("control.sock");

    public string NbdSocket => Dir.File("nbd.sock");

    public int Pid => _daemon.Id;

    public bool HasExited => _daemon.HasExited;

    public string Log => _daemon.HasExited ? _stderr.Result : "(running)";

    public DaemonClient Client() => DaemonClient.TryConnect(ControlSocket) ?? throw new InvalidOperationException("daemon not answering");

    /// <summary>Starts the CLI with this daemon's run directory; stdin, stdout and stderr redirected.</summary>
    public Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliProcess.Dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment[ControlPaths.RunDirVariable] = Dir.Path;
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
    }

    /// <summary>Runs the CLI to completion, feeding <paramref name="stdin"/> if given.</summary>
    public CliRunner.Result RunWithInput(string? stdin, params string[] args)
    {
        using var p = Start(args);
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"sharplvm {string.Join(' ', args)} did not finish");
        }
        return new CliRunner.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public CliRunner.Result Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs and asserts exit 0; returns stdout.</summary>
    public string Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"sharplvm {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r.Stdout;
    }

    public void Signal(string signal) => Tool.Run("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public bool WaitForExit(TimeSpan timeout) => _daemon.WaitForExit(timeout);

    public int ExitCode => _daemon.ExitCode;

    /// <summary>A sparse image file in the run directory.</summary>
    public string Image(string name, long bytes)
    {
        string path = Dir.File(name);
        using (var f = File.Create(path))
        {
            f.SetLength(bytes);
        }
        return path;
    }

    public void Dispose()
    {
        if (!_daemon.HasExited)
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _daemon.Dispose();
        Dir.Dispose();
    }
}
