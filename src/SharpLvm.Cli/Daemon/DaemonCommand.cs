using System.CommandLine;
using System.Diagnostics;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Remote;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// <c>sharplvm daemon [--background] [--pid-file F] [--nbd-socket P] [--nbd-listen [ADDR:]PORT] [--log-file F]</c>:
/// holds the device-mapper engine the way the kernel does for LVM2, serving the control socket and NBD.
/// In the foreground it logs to stderr; <c>--background</c> starts itself again detached (in a new session),
/// waits until the control socket answers and exits 0, or prints why the daemon could not start.
/// </summary>
internal static class DaemonCommand
{
    /// <summary>The hidden option the background parent gives the detached child.</summary>
    private const string ChildOption = "--detached-child";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(CliContext context)
    {
        var command = new Command("daemon", "Run the device-mapper engine daemon (control socket and NBD exports)");
        var background = new Option<bool>("--background") { Description = "detach and run in the background" };
        var pidFile = new Option<string?>("--pid-file") { Description = "where to write the pid (default: daemon.pid next to the control socket)" };
        var nbdSocket = new Option<string?>("--nbd-socket") { Description = "the NBD Unix socket (default: nbd.sock next to the control socket)" };
        var nbdListen = new Option<string?>("--nbd-listen") { Description = "also serve NBD over TCP on [ADDR:]PORT (127.0.0.1 when no address)" };
        var logFile = new Option<string?>("--log-file") { Description = "log here (default: stderr; daemon.log next to the socket in the background)" };
        var child = new Option<bool>(ChildOption) { Hidden = true };
        command.Add(background);
        command.Add(pidFile);
        command.Add(nbdSocket);
        command.Add(nbdListen);
        command.Add(logFile);
        command.Add(child);
        command.SetAction(parse =>
        {
            var options = DaemonOptions.Resolve(parse.GetValue(pidFile), parse.GetValue(nbdSocket), parse.GetValue(nbdListen), parse.GetValue(logFile));
            if (parse.GetValue(background) && !parse.GetValue(child))
            {
                return StartBackground(context, options);
            }
            if (parse.GetValue(child))
            {
                Detach.NewSession();
            }
            string? logPath = options.LogFile ?? (parse.GetValue(child) ? Path.Combine(ControlPaths.RunDirectory, "daemon.log") : null);
            if (logPath is null)
            {
                return new DaemonRunner(options, context.Error).Run();
            }
            ControlPaths.EnsureDirectory(Path.GetDirectoryName(logPath)!);
            using var log = new StreamWriter(logPath, append: true);
            return new DaemonRunner(options, log).Run();
        });
        return command;
    }

    private static int StartBackground(CliContext context, DaemonOptions options)
    {
        if (DaemonClient.TryConnect(options.ControlSocket) is { } running)
        {
            uint pid = running.DaemonPid;
            running.Dispose();
            throw new StorageException(ErrorCode.AlreadyExists, $"A sharplvm daemon (pid {pid}) is already running on {options.ControlSocket}.");
        }
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new StorageException(ErrorCode.Internal, "Cannot find this program's path to start the daemon."),
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Under "dotnet SharpLvm.Cli.dll" the process path is the host: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet" && Environment.GetCommandLineArgs() is [var entry, ..])
        {
            start.ArgumentList.Add(entry);
        }
        foreach (string arg in context.Args.Where(a => a != "--background"))
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add(ChildOption);
        using var process = Process.Start(start) ?? throw new StorageException(ErrorCode.Internal, "Could not start the daemon process.");
        process.StandardInput.Close();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                string why = process.StandardError.ReadToEnd().Trim();
                context.Error.WriteLine($"  The daemon exited with code {process.ExitCode} while starting{(why.Length > 0 ? ": " + why : ".")}");
                return process.ExitCode == 0 ? 5 : process.ExitCode;
            }
            if (DaemonClient.TryConnect(options.ControlSocket) is { } client)
            {
                client.Dispose();
                context.Output.WriteLine($"sharplvm daemon started (pid {process.Id}), control socket {options.ControlSocket}");
                return 0;
            }
            Thread.Sleep(50);
        }
        context.Error.WriteLine($"  The daemon (pid {process.Id}) did not answer on {options.ControlSocket} within {StartTimeout.TotalSeconds} s.");
        return 5;
    }
}
