using System.Buffers.Binary;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;

namespace SharpLvm.Benchmarks;

/// <summary>
/// Server-side cost of NBD reads and writes: an in-process server over a memory device, a raw client on a
/// Unix socket keeping <see cref="Depth"/> requests of <see cref="RequestKiB"/> KiB in flight over 64 MiB
/// (simple replies, as the kernel client uses). The real-tool comparison is bench/nbd-compare.sh.
/// </summary>
[MemoryDiagnoser]
public class NbdReadBenchmarks
{
    private const int TotalBytes = 64 * 1024 * 1024;
    private const uint RequestMagic = 0x25609513;
    private const uint SimpleReplyMagic = 0x67446698;

    private string _socketPath = "";
    private MemoryBlockDevice? _device;
    private NbdServer? _server;
    private Socket? _client;
    private byte[] _payload = [];

    [Params(64, 256)]
    public int RequestKiB { get; set; }

    [Params(1, 16)]
    public int Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _socketPath = Path.Combine("/tmp", $"sharplvm-nbd-bench-{Environment.ProcessId}.sock");
        _device = new MemoryBlockDevice(new Sectors(TotalBytes / 512));
        var random = new Random(1);
        _payload = new byte[RequestKiB * 1024];
        random.NextBytes(_payload);
        for (int offset = 0; offset < TotalBytes; offset += _payload.Length)
        {
            _device.Write(new Sectors((ulong)offset / 512), _payload);
        }
        var exports = new NbdExportSet();
        exports.Add(new NbdExport("bench", _device));
        _server = new NbdServer(exports);
        _server.ListenUnix(_socketPath);
        _client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _client.Connect(new UnixDomainSocketEndPoint(_socketPath));
        Handshake(_client, "bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _server?.StopAsync().GetAwaiter().GetResult();
        _device?.Dispose();
    }

    [Benchmark]
    public long Read() => Run(command: 0);

    [Benchmark]
    public long Write() => Run(command: 1);

    /// <summary>Moves 64 MiB with a sliding window of requests; returns the bytes moved.</summary>
    private long Run(ushort command)
    {
        var socket = _client!;
        int length = RequestKiB * 1024;
        int count = TotalBytes / length;
        var header = new byte[28];
        var reply = new byte[16];
        var data = new byte[length];
        int sent = 0, received = 0;
        long moved = 0;
        while (received < count)
        {
            while (sent < count && sent - received < Depth)
            {
                BinaryPrimitives.WriteUInt32BigEndian(header, RequestMagic);
                BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 0);
                BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), command);
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), (ulong)sent);
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(16), (ulong)sent * (ulong)length);
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(24), (uint)length);
                SendAll(socket, header);
                if (command == 1)
                {
                    SendAll(socket, _payload);
                }
                sent++;
            }
            ReceiveAll(socket, reply);
            if (BinaryPrimitives.ReadUInt32BigEndian(reply) != SimpleReplyMagic || BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4)) != 0)
            {
                throw new InvalidOperationException("unexpected reply");
            }
            if (command == 0)
            {
                ReceiveAll(socket, data);
            }
            received++;
            moved += length;
        }
        return moved;
    }

    private static void Handshake(Socket socket, string export)
    {
        var greeting = new byte[18];
        ReceiveAll(socket, greeting);
        SendAll(socket, [0, 0, 0, 3]);
        byte[] name = System.Text.Encoding.UTF8.GetBytes(export);
        var option = new byte[16 + 4 + name.Length + 2];
        BinaryPrimitives.WriteUInt64BigEndian(option, 0x49484156454F5054);
        BinaryPrimitives.WriteUInt32BigEndian(option.AsSpan(8), 7);
        BinaryPrimitives.WriteUInt32BigEndian(option.AsSpan(12), (uint)(4 + name.Length + 2));
        BinaryPrimitives.WriteUInt32BigEndian(option.AsSpan(16), (uint)name.Length);
        name.CopyTo(option, 20);
        SendAll(socket, option);
        var header = new byte[20];
        while (true)
        {
            ReceiveAll(socket, header);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
            ReceiveAll(socket, new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(16))]);
            if (type == 1)
            {
                return;
            }
            if (type != 3)
            {
                throw new InvalidOperationException($"NBD_OPT_GO failed: 0x{type:x}");
            }
        }
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data)..];
        }
    }

    private static void ReceiveAll(Socket socket, Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = socket.Receive(data);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }
            data = data[n..];
        }
    }
}
