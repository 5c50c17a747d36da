using System.Buffers.Binary;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Daemon;

/// <summary>The daemon in its own process, driven by <c>sharplvm dmsetup</c> processes.</summary>
public sealed class DaemonCliTests
{
    [Fact]
    public void CliProcessesCreateLoadSuspendResumeAndRemoveDevicesInTheDaemon()
    {
        using var daemon = new DaemonProcess();
        string disk = daemon.Ok("dmsetup", "attach", daemon.Image("pv.img", 16 << 20)).Trim();
        Assert.Equal("4094:0", disk);
        Assert.Equal(disk, daemon.Ok("dmsetup", "attach", daemon.Dir.File("pv.img")).Trim());
        daemon.Ok("dmsetup", "create", "vg-lower", "--table", $"0 8192 linear {disk} 2048");
        Assert.Equal(0, daemon.RunWithInput("0 4096 linear /dev/mapper/vg-lower 100\n", "dmsetup", "create", "vg-top").ExitCode);
        daemon.Ok("dmsetup", "create", "vg-side", "--notable");
        Assert.Equal(
            ["vg-side (253:2)", "vg-top (253:1)", " `-vg-lower (253:0)", "    `- (4094:0)"],
            daemon.Ok("dmsetup", "ls", "--tree").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        daemon.Ok("dmsetup", "load", "vg-top", "--table", "0 2048 zero");
        Assert.Equal("0 2048 zero \n", daemon.Ok("dmsetup", "table", "--inactive", "vg-top"));
        Assert.Equal("0 4096 linear 253:0 100\n", daemon.Ok("dmsetup", "table", "vg-top"));
        daemon.Ok("dmsetup", "suspend", "vg-top");
        Assert.Contains("State:             SUSPENDED", daemon.Ok("dmsetup", "info", "vg-top"), StringComparison.Ordinal);
        daemon.Ok("dmsetup", "resume", "vg-top");
        string info = daemon.Ok("dmsetup", "info", "vg-top");
        Assert.Contains("State:             ACTIVE", info, StringComparison.Ordinal);
        Assert.Contains("Tables present:    LIVE\n", info, StringComparison.Ordinal);
        Assert.Equal("0 2048 zero \n", daemon.Ok("dmsetup", "table", "vg-top"));
        Assert.Equal(["vg-lower (253:0)", " `- (4094:0)", "vg-side (253:2)", "vg-top (253:1)"],
            daemon.Ok("dmsetup", "ls", "--tree").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        daemon.Ok("dmsetup", "rename", "vg-side", "vg-other");
        var busy = daemon.Run("dmsetup", "remove", "vg-nothing");
        Assert.Equal(5, busy.ExitCode);
        Assert.Contains("vg-nothing does not exist", busy.Stderr, StringComparison.Ordinal);
        daemon.Ok("dmsetup", "remove", "vg-top", "vg-lower", "vg-other");
        Assert.Equal("No devices found\n", daemon.Ok("dmsetup", "ls"));
    }

    [Fact]
    public void WithNoDaemonDmsetupSaysHowToStartOneAndExits5()
    {
        using var daemon = new DaemonProcess();
        using var empty = new TempDir();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Concurrency.CliProcess.Dll);
        info.ArgumentList.Add("dmsetup");
        info.ArgumentList.Add("ls");
        info.Environment[ControlPaths.RunDirVariable] = empty.Path;
        using var p = System.Diagnostics.Process.Start(info)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(5, p.ExitCode);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("No sharplvm daemon is running", line, StringComparison.Ordinal);
        Assert.Contains("start one with `sharplvm daemon --background`.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondDaemonOnTheSameSocketIsRefusedWithExit5()
    {
        using var daemon = new DaemonProcess();
        var second = daemon.Run("daemon");
        Assert.Equal(5, second.ExitCode);
        Assert.Contains($"(pid {daemon.Pid}) is already running", second.Stderr, StringComparison.Ordinal);
        var background = daemon.Run("daemon", "--background");
        Assert.Equal(5, background.ExitCode);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task AClientKilledMidRequestLeavesTheDaemonServingOthers()
    {
        using var daemon = new DaemonProcess();
        daemon.Ok("dmsetup", "create", "waited", "--table", "0 8 zero");
        using var waiter = daemon.Start(["dmsetup", "wait", "waited"]);
        waiter.StandardInput.Close();
        // The waiter is inside its request (DM_DEV_WAIT) until killed.
        Thread.Sleep(1500);
        Assert.False(waiter.HasExited);
        waiter.Kill();
        waiter.WaitForExit();
        using (var client = daemon.Client())
        {
            Assert.Single(client.List());
        }
        daemon.Ok("dmsetup", "create", "other", "--table", "0 8 zero");
        // Several CLI processes at once, one killed half-way through writing its frame.
        using (var raw = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            raw.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(daemon.ControlSocket));
            var header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, 1000);
            raw.Send(header);
        }
        var runs = Enumerable.Range(0, 4).Select(i => Task.Run(() => daemon.Run("dmsetup", "create", $"c{i}", "--table", "0 8 zero"))).ToArray();
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(6, daemon.Ok("dmsetup", "ls").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // Waking a waiter: a second wait process gets the remove's event.
        using var second = daemon.Start(["dmsetup", "wait", "waited"]);
        second.StandardInput.Close();
        Thread.Sleep(1000);
        daemon.Ok("dmsetup", "remove", "waited");
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public void SigtermRemovesDevicesLeavesTheMirrorDiskLogCleanAndRemovesTheSocket()
    {
        using var daemon = new DaemonProcess();
        const int Regions = 16, RegionSectors = 1024;
        string l0 = daemon.Ok("dmsetup", "attach", daemon.Image("leg0.img", 8 << 20)).Trim();
        string l1 = daemon.Ok("dmsetup", "attach", daemon.Image("leg1.img", 8 << 20)).Trim();
        string log = daemon.Ok("dmsetup", "attach", daemon.Image("log.img", 1 << 20)).Trim();
        daemon.Ok("dmsetup", "create", "vg-m", "--table", $"0 {Regions * RegionSectors} mirror disk 2 {log} {RegionSectors} 2 {l0} 0 {l1} 0 1 handle_errors");
        daemon.Ok("dmsetup", "create", "vg-top", "--table", $"0 {Regions * RegionSectors} linear /dev/mapper/vg-m 0");
        using (var client = daemon.Client())
        {
            Assert.True(client.WaitForSync(DeviceMapper.Names.DmName.Parse("vg-m"), TimeSpan.FromSeconds(60)));
        }
        Assert.Contains($"{Regions}/{Regions} 1 AA 3 disk {log} A", daemon.Ok("dmsetup", "status", "vg-m"), StringComparison.Ordinal);
        daemon.Signal("TERM");
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, daemon.ExitCode);
        Assert.False(File.Exists(daemon.ControlSocket));
        Assert.False(File.Exists(daemon.NbdSocket));
        Assert.False(File.Exists(daemon.Dir.File("daemon.pid")));
        byte[] area = File.ReadAllBytes(daemon.Dir.File("log.img"))[..1032];
        Assert.Equal(0x4D695272u, BinaryPrimitives.ReadUInt32LittleEndian(area)); // "rRiM"
        Assert.Equal((ulong)Regions, BinaryPrimitives.ReadUInt64LittleEndian(area.AsSpan(8)));
        Assert.Equal(0xFFFF, BinaryPrimitives.ReadUInt16LittleEndian(area.AsSpan(1024))); // every region clean
        Assert.Contains("stopped", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void BackgroundDaemonWritesItsPidFileAndStopsOnSigterm()
    {
        using var dir = new TempDir();
        string pidFile = dir.File("d.pid");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Concurrency.CliProcess.Dll);
        foreach (string a in new[] { "daemon", "--background", "--pid-file", pidFile })
        {
            info.ArgumentList.Add(a);
        }
        info.Environment[ControlPaths.RunDirVariable] = dir.Path;
        using (var p = System.Diagnostics.Process.Start(info)!)
        {
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            Assert.Contains("sharplvm daemon started", stdout, StringComparison.Ordinal);
        }
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var background = System.Diagnostics.Process.GetProcessById(pid);
        try
        {
            using (var client = DaemonClient.TryConnect(Path.Combine(dir.Path, "control.sock")))
            {
                Assert.NotNull(client);
                Assert.Equal((uint)pid, client.DaemonPid);
            }
            Tool.Run("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(background.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.False(File.Exists(pidFile));
            Assert.False(File.Exists(Path.Combine(dir.Path, "control.sock")));
        }
        finally
        {
            if (!background.HasExited)
            {
                background.Kill();
            }
        }
    }
}
