using CsCheck;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;

namespace SharpLvm.DeviceMapper.Tests.Remote;

public sealed class WireTests
{
    [Fact]
    public void DeviceInfoRoundTrips()
    {
        var gen = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.Bool, Gen.UInt, Gen.UInt, Gen.Int[0, 1000], Gen.UInt);
        gen.Sample((name, flag, major, minor, open, events) =>
        {
            var info = new DeviceInfo(DmName.Parse(name), flag ? DmUuid.Parse("LVM-" + name) : null, new DeviceNumber(major, minor),
                flag, !flag, flag, open, open / 2, !flag, events);
            var reader = new WireReader(new WireWriter().Info(info).OptionalInfo(null).WrittenSpan.ToArray());
            Assert.Equal(info, reader.Info());
            Assert.Null(reader.OptionalInfo());
            Assert.True(reader.AtEnd);
        }, iter: 500);
    }

    [Fact]
    public void TruncatedPayloadsAndHostileCountsThrowCorrupt()
    {
        byte[] full = new WireWriter().String("hello").UInt32(uint.MaxValue).WrittenSpan.ToArray();
        for (int cut = 0; cut < 9; cut++)
        {
            var e = Assert.Throws<StorageException>(() => new WireReader(full[..cut]).String());
            Assert.Equal(ErrorCode.Corrupt, e.Code);
        }
        var reader = new WireReader(full);
        reader.String();
        Assert.Equal(ErrorCode.Corrupt, Assert.Throws<StorageException>(() => reader.Count()).Code);
    }
}

public sealed class HostileRequestTests : IDisposable
{
    private readonly SharpLvm.TestSupport.TempDir _dir = new();
    private readonly InProcessDeviceHost _host = new();
    private readonly ControlServer _server;

    public HostileRequestTests()
    {
        _server = new ControlServer(_host);
        _server.Start(_dir.File("control.sock"));
    }

    [Fact]
    public void RandomRequestsGetAnAnswerAndNeverStopTheServer()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(_dir.File("control.sock")));
        using var stream = new System.Net.Sockets.NetworkStream(socket);
        // A timeout too large for a TimeSpan is clamped, not a crash.
        Framing.Write(stream, new WireWriter().Byte((byte)ControlOp.WaitForSync).String("none").UInt64(ulong.MaxValue).WrittenSpan);
        var notFound = new WireReader(Framing.Read(stream, Framing.MaxResponseBytes)!);
        Assert.Equal((byte)ControlReply.Error, notFound.Byte());
        Assert.Equal((uint)ErrorCode.NotFound, notFound.UInt32());
        var ops = Gen.Byte[1, 22];
        Gen.Select(ops, Gen.Byte.Array[0, 64]).Sample((op, body) =>
        {
            if ((ControlOp)op is ControlOp.WaitForSync or ControlOp.WaitForEvent)
            {
                return; // they legitimately wait on a device that exists
            }
            Framing.Write(stream, [op, .. body]);
            var reply = Framing.Read(stream, Framing.MaxResponseBytes);
            Assert.NotNull(reply);
            Assert.Contains(reply[0], new byte[] { (byte)ControlReply.Ok, (byte)ControlReply.Error });
        }, iter: 2000, threads: 1);
        using var client = DaemonClient.TryConnect(_dir.File("control.sock"));
        Assert.NotNull(client);
    }

    public void Dispose()
    {
        _server.Dispose();
        _host.Dispose();
        _dir.Dispose();
    }
}
