using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Protocol;
using SharpLvm.Nbd.Server;
using SharpLvm.TestSupport;

namespace SharpLvm.Nbd.Tests.Reliability;

/// <summary>
/// Issue 7's fuzzing of the NBD server: a whole client conversation (handshake flags, options, requests with
/// payloads) mutated or random, sent to one connection over a Unix socket. The connection must end by itself
/// once the client stops sending, without an exception other than the documented ways a connection closes
/// (caught inside the connection), within the case timeout.
/// </summary>
public sealed class NbdFuzzTests
{
    private static byte[] Option(NbdOption option, byte[] data)
    {
        var message = new byte[NbdMagic.OptionHeaderLength + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(message, NbdMagic.IHaveOpt);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), (uint)option);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(12), (uint)data.Length);
        data.CopyTo(message, NbdMagic.OptionHeaderLength);
        return message;
    }

    private static byte[] GoData(string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[4 + bytes.Length + 2 + 2];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)bytes.Length);
        bytes.CopyTo(data, 4);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4 + bytes.Length), 1);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(6 + bytes.Length), 3);
        return data;
    }

    private static byte[] Request(NbdCommand command, ulong offset, uint length, ushort flags = 0, byte[]? payload = null)
    {
        var header = new byte[NbdMagic.RequestLength];
        NbdRequest.Write(header, new NbdRequest((CommandFlags)flags, (ushort)command, 7, offset, length));
        return [.. header, .. payload ?? []];
    }

    private static byte[] Script(bool structured, NbdOption open) =>
    [
        0, 0, 0, 3,
        .. structured ? Option(NbdOption.StructuredReply, []) : [],
        .. Option(NbdOption.List, []),
        .. Option(NbdOption.Info, GoData("disk")),
        .. open == NbdOption.ExportName ? Option(NbdOption.ExportName, Encoding.UTF8.GetBytes("disk")) : Option(open, GoData("disk")),
        .. Request(NbdCommand.Read, 0, 4096),
        .. Request(NbdCommand.Write, 4096, 1024, 1, [.. Enumerable.Range(0, 1024).Select(i => (byte)i)]),
        .. Request(NbdCommand.Flush, 0, 0),
        .. Request(NbdCommand.Trim, 8192, 4096),
        .. Request(NbdCommand.WriteZeroes, 12288, 4096, 2),
        .. Request(NbdCommand.Read, 4096, 512, 4),
        .. Request(NbdCommand.Disconnect, 0, 0),
    ];

    private static readonly byte[][] Seeds = [Script(false, NbdOption.Go), Script(true, NbdOption.Go), Script(false, NbdOption.ExportName)];

    [Fact]
    public void Handshake_and_requests()
    {
        string path = Path.Combine("/tmp", $"sharplvm-fuzz-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        // The server's log lines (each way a connection ends, each refused request) are the coverage measure.
        var coverage = new FuzzCoverage();
        var options = new NbdServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(3), IoTimeout = TimeSpan.FromSeconds(3), Log = coverage.Note };
        try
        {
            Fuzz.Run("nbd-session", Gen.Frequency((9, Fuzz.Mutations(Seeds)), (1, Fuzz.RandomBytes(600))),
                bytes => Converse(listener, path, options, bytes), bytes => Convert.ToHexString(bytes), coverage: coverage);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// One conversation, on the fuzz worker thread: the client's bytes go out first (they fit the socket buffer, so
    /// the send does not wait for the server), then the server runs while this thread drains its replies until it
    /// closes the connection; no task of our own per case.
    /// </summary>
    private static void Converse(Socket listener, string path, NbdServerOptions options, byte[] bytes)
    {
        using var device = new MemoryBlockDevice(new Sectors(2048), "fuzzdisk");
        var exports = new NbdExportSet();
        exports.Add(new NbdExport("disk", device, "fuzz disk"));
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        using Socket server = listener.Accept();
        using var connection = new NbdConnection(server, exports, options, "fuzz");
        try
        {
            client.Send(bytes);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server had already closed (it refused the input): fine.
        }
        Task run = connection.RunAsync();
        Drain(client);
        if (!run.Wait(TimeSpan.FromSeconds(8)))
        {
            throw new FuzzFailure($"the connection did not end after the client stopped sending: {Convert.ToHexString(bytes)}");
        }
    }

    /// <summary>Reads the server's replies until it closes the connection (the watchdog bounds a server that never does).</summary>
    private static void Drain(Socket client)
    {
        var buffer = new byte[65536];
        try
        {
            while (client.Receive(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // The server closed the connection hard: fine.
        }
    }
}
