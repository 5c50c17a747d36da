using System.Buffers.Binary;
using System.Net.Sockets;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Dmsetup;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Remote;

/// <summary>The control protocol end to end in one process: a server over a temp socket and clients.</summary>
public sealed class ControlServerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly InProcessDeviceHost _host = new(new EngineOptions { Resync = ResyncMode.Background });
    private readonly ControlServer _server;

    public ControlServerTests()
    {
        _server = new ControlServer(_host);
        _server.Start(SocketPath);
    }

    private string SocketPath => _dir.File("control.sock");

    private static DmName N(string name) => DmName.Parse(name);

    private string Image(string name, ulong sectors)
    {
        string path = _dir.File(name);
        FileBlockDevice.CreateImage(path, new Sectors(sectors)).Dispose();
        return path;
    }

    private DaemonClient Client() => DaemonClient.TryConnect(SocketPath) ?? throw new InvalidOperationException("no daemon");

    [Fact]
    public void EveryOperationThroughTheClientMatchesTheEngine()
    {
        using var client = Client();
        Assert.True(client.Persistent);
        Assert.Equal((uint)Environment.ProcessId, client.DaemonPid);
        var disk = client.Attach(Image("a.img", 8192));
        Assert.Equal(new DeviceNumber(IDeviceHost.ImageFileMajor, 0), disk);
        Assert.Equal(disk, client.Attach(_dir.File("a.img")));
        var info = client.Create(N("vg-lv"), DmUuid.Parse("LVM-abc"));
        Assert.Equal(info, _host.TryGetInfo(N("vg-lv")));
        client.Load(N("vg-lv"), Table.Parse($"0 2048 linear {disk} 0\n2048 1024 zero"));
        Assert.True(client.TryGetInfo(N("vg-lv"))!.HasInactiveTable);
        Assert.Null(client.GetTable(N("vg-lv")));
        Assert.Equal(_host.GetTable(N("vg-lv"), inactive: true), client.GetTable(N("vg-lv"), inactive: true));
        client.Resume(N("vg-lv"));
        Assert.Equal(_host.GetStatus(N("vg-lv")), client.GetStatus(N("vg-lv")));
        Assert.Equal([disk], client.GetDependencies(N("vg-lv")));
        client.Suspend(N("vg-lv"), flush: false);
        Assert.True(_host.TryGetInfo(N("vg-lv"))!.Suspended);
        client.Resume(N("vg-lv"));
        client.Create(N("top"));
        client.Load(N("top"), Table.Parse("0 3072 linear /dev/mapper/vg-lv 0"));
        client.Resume(N("top"));
        client.Rename(N("top"), N("top2"));
        Assert.Equal(DmsetupList.Tree(_host), DmsetupList.Tree(client));
        Assert.Equal(_host.List(), client.List());
        Assert.Equal(info.Number, client.TryGetInfoByUuid(DmUuid.Parse("LVM-abc"))!.Number);
        Assert.Equal("vg-lv", client.TryGetInfo(info.Number)!.Name.Value);
        Assert.Null(client.TryGetInfo(N("nothing")));
        client.Load(N("top2"), Table.Parse("0 8 zero"));
        client.ClearInactive(N("top2"));
        Assert.False(client.TryGetInfo(N("top2"))!.HasInactiveTable);
        Assert.Equal(_host.Engine.Targets(), client.Targets());
        var registered = Assert.Single(client.RegisteredDevices());
        Assert.Equal(new RegisteredDevice(disk, DeviceAttacher.Canonical(_dir.File("a.img")), new Sectors(8192)), registered);
        client.Remove(N("top2"));
        client.Remove(N("vg-lv"));
        Assert.Empty(_host.List());
    }

    [Fact]
    public void AStorageExceptionInTheDaemonIsRethrownWithItsCodeMessageAndHint()
    {
        using var client = Client();
        client.Create(N("x"));
        var exists = Assert.Throws<StorageException>(() => client.Create(N("x")));
        Assert.Equal(ErrorCode.AlreadyExists, exists.Code);
        Assert.Contains("x already exists", exists.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<StorageException>(() => client.Load(N("x"), Table.Parse("0 8 linear 9:9 0")));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
        Assert.NotNull(missing.Hint);
        var local = Assert.Throws<StorageException>(() => _host.Load(N("x"), Table.Parse("0 8 linear 9:9 0")));
        Assert.Equal(local.Message, missing.Message);
        Assert.Equal(local.Hint, missing.Hint);
        // The connection still works after errors.
        Assert.Single(client.List());
    }

    [Fact]
    public void WaitForSyncStreamsProgressUntilTheMirrorIsInSync()
    {
        using var client = Client();
        var l0 = client.Attach(Image("l0.img", 8192));
        var l1 = client.Attach(Image("l1.img", 8192));
        var log = client.Attach(Image("log.img", 8));
        client.Create(N("m"));
        client.Load(N("m"), Table.Parse($"0 8192 mirror disk 2 {log} 512 2 {l0} 0 {l1} 0"));
        client.Resume(N("m"));
        var seen = new List<(ulong Done, ulong Total)>();
        Assert.True(client.WaitForSync(N("m"), TimeSpan.FromSeconds(30), (a, b) => seen.Add((a, b))));
        Assert.NotEmpty(seen);
        Assert.Equal((16UL, 16UL), seen[^1]);
        Assert.All(seen, p => Assert.Equal(16UL, p.Total));
    }

    [Fact]
    public void WaitForEventReturnsWhenTheDeviceRaisesOneAndTimesOutOtherwise()
    {
        using var client = Client();
        using var other = Client();
        client.Create(N("ev"));
        Assert.Equal(0u, client.WaitForEvent(N("ev"), 0, TimeSpan.FromMilliseconds(50)));
        var waiter = new Thread(() => Assert.Equal(1u, client.WaitForEvent(N("ev"), 0, TimeSpan.FromSeconds(30))));
        waiter.Start();
        Thread.Sleep(100);
        other.Rename(N("ev"), N("ev2")); // a rename raises the device's event
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void StopEndsAWaitInProgressInsteadOfHangingOnIt()
    {
        var l1 = _host.Attach(Image("s1.img", 4096));
        _host.Create(N("never"));
        // A leg that fails every read: recovery can never finish.
        _host.Create(N("bad"));
        _host.Load(N("bad"), Table.Parse("0 4096 error"));
        _host.Resume(N("bad"));
        _host.Load(N("never"), Table.Parse($"0 4096 mirror core 1 512 2 /dev/mapper/bad 0 {l1} 0 1 handle_errors"));
        _host.Resume(N("never"));
        using var client = Client();
        bool? synced = null;
        var waiter = new Thread(() =>
        {
            try
            {
                synced = client.WaitForSync(N("never"), TimeSpan.FromMinutes(5));
            }
            catch (StorageException e) when (e.Code == ErrorCode.IoError)
            {
                // The connection closed with the server: also an end of the wait.
            }
        });
        waiter.Start();
        Thread.Sleep(300);
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        _server.Stop();
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(9), $"stop took {stopped.Elapsed}");
        Assert.False(File.Exists(SocketPath));
        Assert.NotEqual(true, synced);
    }

    [Fact]
    public void ManyClientsAtOnceEachSeeTheirOwnDevices()
    {
        var disk = _host.Attach(Image("shared.img", 65536));
        Parallel.For(0, 8, i =>
        {
            using var client = Client();
            for (int j = 0; j < 10; j++)
            {
                var name = N($"c{i}-{j}");
                client.Create(name);
                client.Load(name, Table.Parse($"0 64 linear {disk} {(i * 10 + j) * 64}"));
                client.Resume(name);
                Assert.Equal($"0 64 linear {disk} {(i * 10 + j) * 64}", client.GetTable(name)!.ToString());
            }
        });
        Assert.Equal(80, _host.List().Count);
    }

    [Fact]
    public void AClientThatDiesMidRequestOrSendsGarbageLeavesOthersServed()
    {
        using var good = Client();
        good.Create(N("keep"));
        // Half a frame, then gone.
        using (var raw = RawSocket())
        {
            Span<byte> header = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, 100);
            raw.Send(header);
            raw.Send(new byte[] { (byte)ControlOp.Create, 0, 0 });
        }
        // An oversized frame: the connection is closed without reading it.
        using (var raw = RawSocket())
        {
            Span<byte> header = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, Framing.MaxRequestBytes + 1);
            raw.Send(header);
            var buffer = new byte[16];
            Assert.Equal(0, raw.Receive(buffer));
        }
        // A well-framed request with a bad body is answered with an error.
        using (var raw = RawSocket())
        using (var stream = new NetworkStream(raw))
        {
            Framing.Write(stream, new byte[] { (byte)ControlOp.Create, 0xFF });
            var reply = Framing.Read(stream, Framing.MaxResponseBytes)!;
            Assert.Equal((byte)ControlReply.Error, reply[0]);
            Framing.Write(stream, new byte[] { 0xEE });
            var unknown = new WireReader(Framing.Read(stream, Framing.MaxResponseBytes)!);
            Assert.Equal((byte)ControlReply.Error, unknown.Byte());
            Assert.Equal((uint)ErrorCode.Unsupported, unknown.UInt32());
        }
        // A client killed while its suspend waits on I/O in flight: the daemon finishes it and carries on.
        var disk = _host.Attach(Image("busy.img", 2048));
        _host.Create(N("slow"));
        _host.Load(N("slow"), Table.Parse($"0 2048 delay {disk} 0 300"));
        _host.Resume(N("slow"));
        var io = new Thread(() =>
        {
            using var h = _host.Engine.Open(N("slow"));
            h.Read(Sectors.Zero, new byte[512]);
        });
        io.Start();
        Thread.Sleep(50);
        using (var raw = RawSocket())
        using (var stream = new NetworkStream(raw))
        {
            Framing.Write(stream, new WireWriter().Byte((byte)ControlOp.Suspend).String("slow").Bool(true).WrittenSpan);
        }
        Assert.True(io.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, good.List().Count);
        Assert.True(SpinWait.SpinUntil(() => good.TryGetInfo(N("slow"))!.Suspended, TimeSpan.FromSeconds(10)));
        good.Resume(N("slow"));
        Assert.False(good.TryGetInfo(N("slow"))!.Suspended);
    }

    [Fact]
    public void ASecondServerOnALiveSocketIsRefusedAndAStaleSocketIsReplaced()
    {
        using var other = new InProcessDeviceHost();
        using var second = new ControlServer(other);
        var e = Assert.Throws<StorageException>(() => second.Start(SocketPath));
        Assert.Equal(ErrorCode.AlreadyExists, e.Code);
        _server.Stop();
        Assert.False(File.Exists(SocketPath));
        Assert.Null(DaemonClient.TryConnect(SocketPath));
        // A file left by a killed daemon answers nothing and is replaced.
        File.WriteAllText(SocketPath, "stale");
        Assert.True(Path.Exists(SocketPath));
        Assert.Null(DaemonClient.TryConnect(SocketPath));
        second.Start(SocketPath);
        using var client = Client();
        Assert.Empty(client.List());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        }
    }

    private Socket RawSocket()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
        return socket;
    }

    public void Dispose()
    {
        _server.Dispose();
        _host.Dispose();
        _dir.Dispose();
    }
}
