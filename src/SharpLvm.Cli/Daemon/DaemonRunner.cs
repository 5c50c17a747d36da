using System.Runtime.InteropServices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// The daemon's life: refuse when one already answers, write the pid file, serve the control socket and
/// NBD, wait for SIGTERM or SIGINT, then stop accepting, retire exports, flush, let mirror logs be written
/// clean, remove devices top-down, and remove the sockets and the pid file.
/// </summary>
internal sealed class DaemonRunner(DaemonOptions options, TextWriter log)
{
    private readonly ManualResetEventSlim _stop = new();

    /// <summary>Asks a running <see cref="Run"/> to shut down (what the signals do).</summary>
    public void RequestStop() => _stop.Set();

    public int Run()
    {
        if (DaemonClient.TryConnect(options.ControlSocket) is { } running)
        {
            uint pid = running.DaemonPid;
            running.Dispose();
            throw new StorageException(ErrorCode.AlreadyExists,
                $"A sharplvm daemon (pid {pid}) is already running on {options.ControlSocket}.");
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        ControlPaths.EnsureDirectory(Path.GetDirectoryName(options.PidFile)!);
        File.WriteAllText(options.PidFile, Environment.ProcessId + "\n");
        try
        {
            Serve();
        }
        finally
        {
            TryDelete(options.PidFile);
        }
        return 0;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Set();
    }

    /// <summary>
    /// Pool threads started without delay. NBD requests run their device I/O on pool threads, and a suspended
    /// device holds them until it resumes (up to 64 per connection); past its minimum the pool adds a thread
    /// only every half second or so, which would stall the other exports' I/O and the sockets meanwhile.
    /// </summary>
    internal const int MinPoolThreads = 256;

    private void Serve()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), Math.Max(io, MinPoolThreads));
        var host = new InProcessDeviceHost();
        var exportSet = new NbdExportSet();
        var nbd = new NbdServer(exportSet, new NbdServerOptions { Log = Log });
        var exports = new LvExports(host.Engine, exportSet, Log);
        var control = new ControlServer(host, exports) { Log = Log };
        try
        {
            nbd.ListenUnix(options.NbdSocket);
            if (options.NbdTcp is { } tcp)
            {
                Log($"nbd: listening on {nbd.ListenTcp(tcp)}");
            }
            control.Start(options.ControlSocket);
            Log($"sharplvm daemon {Environment.ProcessId}: control {options.ControlSocket}, nbd {options.NbdSocket}");
            _stop.Wait();
            Log("sharplvm daemon: stopping");
        }
        finally
        {
            control.Stop();
            exports.Clear();
            nbd.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
            Log("sharplvm daemon: stopped");
        }
    }

    private void Log(string message)
    {
        lock (log)
        {
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message}");
            log.Flush();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already or not ours to delete; nothing else to do at exit.
        }
    }
}
