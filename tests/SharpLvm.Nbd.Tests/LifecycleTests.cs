using System.Net;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LifecycleTests
{
    [Fact]
    public async Task The_unix_socket_is_0600_and_is_removed_on_stop()
    {
        var h = new ServerHarness();
        await using (h)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(h.SocketPath));
            await h.Server.StopAsync();
            Assert.False(File.Exists(h.SocketPath));
        }
    }

    [Fact]
    public async Task Stop_answers_admitted_requests_then_closes_every_connection()
    {
        await using var h = new ServerHarness();
        h.Device.HoldReadsAt = 16;
        using var busy = h.Open();
        using var idle = h.Open(structured: true);
        ulong cookie = busy.SendRequest(Cmd.Read, 16 * 512, 512);
        Assert.True(h.Device.HeldReadStarted.Wait(10000));
        var stop = h.Server.StopAsync();
        Assert.True(idle.IsClosedByServer());
        Assert.False(stop.IsCompleted);
        h.Device.HeldReadRelease.Set();
        Assert.Equal(cookie, busy.ReadReply().Cookie);
        Assert.True(busy.IsClosedByServer());
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task Removing_an_export_drains_its_connections_and_it_disappears()
    {
        await using var h = new ServerHarness();
        using var otherDevice = new ProbeDevice(new Sectors(64));
        h.Exports.Add(new NbdExport("other", otherDevice));
        h.Device.HoldReadsAt = 0;
        using var onDisk = h.Open();
        using var onOther = h.Open(export: "other");
        ulong cookie = onDisk.SendRequest(Cmd.Read, 0, 512);
        Assert.True(h.Device.HeldReadStarted.Wait(10000));

        var removal = h.Exports.RemoveAsync("disk");
        using (var late = TestNbdClient.Negotiated(h.SocketPath))
        {
            Assert.Equal(0x80000006u, late.Go("disk").Final.Type);
        }
        Assert.False(removal.IsCompleted);
        h.Device.HeldReadRelease.Set();
        Assert.Equal(cookie, onDisk.ReadReply().Cookie);
        Assert.True(onDisk.IsClosedByServer());
        Assert.True(await removal.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, h.Export.ConnectionCount);
        Assert.True(h.Export.IsRetired);
        Assert.Equal(new byte[512], onOther.Read(0, 512));
        Assert.False(await h.Exports.RemoveAsync("disk"));
    }

    [Fact]
    public async Task Exports_added_at_runtime_can_be_opened()
    {
        await using var h = new ServerHarness();
        using var device = new ProbeDevice(new Sectors(2048));
        h.Exports.Add(new NbdExport("vg/new", device, "new volume"));
        using var client = h.Open(export: "vg/new");
        Assert.Equal(2048ul * 512, client.ExportSize);
        Assert.Throws<StorageException>(() => h.Exports.Add(new NbdExport("vg/new", device)));
    }

    [Fact]
    public async Task A_second_server_on_a_live_socket_is_refused_but_a_stale_file_is_replaced()
    {
        await using var h = new ServerHarness();
        await using var second = new NbdServer(h.Exports);
        var e = Assert.Throws<StorageException>(() => second.ListenUnix(h.SocketPath));
        Assert.Equal(ErrorCode.AlreadyExists, e.Code);

        string stale = Path.Combine("/tmp", $"sharplvm-nbd-{Guid.NewGuid():N}.sock");
        using (var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            // .NET unlinks a bound socket's file on dispose; a file moved away first stays behind, stale.
            string bound = stale + ".bound";
            dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(bound));
            File.Move(bound, stale);
        }
        Assert.True(File.Exists(stale));
        second.ListenUnix(stale);
        using var client = TestNbdClient.Open(stale, "disk", structured: false);
        Assert.Equal(new byte[512], client.Read(0, 512));
    }

    [Fact]
    public async Task A_regular_file_at_the_socket_path_is_never_deleted()
    {
        await using var h = new ServerHarness();
        string path = Path.Combine("/tmp", $"sharplvm-nbd-{Guid.NewGuid():N}.sock");
        File.WriteAllText(path, "precious");
        try
        {
            await using var second = new NbdServer(h.Exports);
            Assert.Equal(ErrorCode.AlreadyExists, Assert.Throws<StorageException>(() => second.ListenUnix(path)).Code);
            Assert.Equal("precious", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Tcp_listens_on_loopback_by_default_address()
    {
        await using var h = new ServerHarness();
        var endpoint = h.Server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(IPAddress.Loopback, endpoint.Address);
        using var client = TestNbdClient.Connect(endpoint);
        client.ReadGreeting();
        client.SendClientFlags(3);
        Assert.Equal(1u, client.Go("disk").Final.Type);
        client.Write(512, Enumerable.Repeat((byte)3, 512).ToArray());
        Assert.Equal(3, client.Read(512, 512)[0]);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_at_once()
    {
        await using var h = new ServerHarness(new NbdServerOptions { MaxConnections = 2 });
        using var a = h.Open();
        using var b = h.Open();
        using var c = TestNbdClient.Connect(h.SocketPath);
        Assert.True(c.IsClosedByServer());
        Assert.Equal(new byte[512], a.Read(0, 512));
    }

    [Fact]
    public async Task Invalid_export_names_are_refused()
    {
        using var device = new ProbeDevice(new Sectors(8));
        Assert.Throws<StorageException>(() => new NbdExport("a\0b", device));
        Assert.Throws<StorageException>(() => new NbdExport(new string('x', 5000), device));
        await Task.CompletedTask;
    }
}
