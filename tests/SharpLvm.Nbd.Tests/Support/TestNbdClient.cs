using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using SharpLvm.Nbd.Protocol;

namespace SharpLvm.Nbd.Tests.Support;

/// <summary>One option reply as received.</summary>
internal sealed record OptionReply(uint Option, uint Type, byte[] Data)
{
    public bool IsError => (Type & 0x80000000) != 0;
    public ushort InfoType => BinaryPrimitives.ReadUInt16BigEndian(Data);
}

/// <summary>One transmission reply: a simple reply or a (single, final) structured chunk.</summary>
internal sealed record TransmissionReply(ulong Cookie, uint Error, byte[] Data, bool Structured, ushort ChunkType, ushort ChunkFlags, string? Message);

/// <summary>
/// A deliberately small NBD client of our own, speaking the wire format byte by byte so tests can also send
/// what a well-behaved client never would.
/// </summary>
internal sealed class TestNbdClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Dictionary<ulong, (ushort Type, uint Length)> _pending = [];
    private ulong _nextCookie = 1;

    private TestNbdClient(Socket socket)
    {
        _socket = socket;
        _socket.ReceiveTimeout = 15000;
        _socket.SendTimeout = 15000;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public ushort HandshakeFlags { get; private set; }
    public ulong ExportSize { get; private set; }
    public ushort TransmissionFlags { get; private set; }
    public bool Structured { get; private set; }
    public Socket Socket => _socket;

    public static TestNbdClient Connect(string unixPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(unixPath));
        return new TestNbdClient(socket);
    }

    public static TestNbdClient Connect(System.Net.IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
        return new TestNbdClient(socket);
    }

    /// <summary>Connects, reads the greeting and answers with fixed newstyle + no zeroes.</summary>
    public static TestNbdClient Negotiated(string unixPath, bool noZeroes = true)
    {
        var client = Connect(unixPath);
        client.ReadGreeting();
        client.SendClientFlags(noZeroes ? 3u : 1u);
        return client;
    }

    /// <summary>Connects and opens an export with NBD_OPT_GO (optionally after NBD_OPT_STRUCTURED_REPLY).</summary>
    public static TestNbdClient Open(string unixPath, string export, bool structured)
    {
        var client = Negotiated(unixPath);
        if (structured)
        {
            client.SendOption(NbdOptionValues.StructuredReply, []);
            var ack = client.ReadOptionReply();
            if (ack.Type != 1)
            {
                throw new InvalidOperationException($"structured replies refused: 0x{ack.Type:x}");
            }
            client.Structured = true;
        }
        var (replies, final) = client.Go(export);
        if (final.Type != 1)
        {
            throw new InvalidOperationException($"GO {export} failed: 0x{final.Type:x} {Encoding.UTF8.GetString(final.Data)}");
        }
        return client;
    }

    public byte[] ReadGreeting()
    {
        var greeting = ReadExactly(18);
        HandshakeFlags = BinaryPrimitives.ReadUInt16BigEndian(greeting.AsSpan(16));
        return greeting;
    }

    public void SendClientFlags(uint flags)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, flags);
        Send(bytes);
    }

    public void SendOption(uint option, byte[] data, ulong magic = NbdMagic.IHaveOpt, uint? lengthOverride = null)
    {
        var message = new byte[16 + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(message, magic);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), option);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(12), lengthOverride ?? (uint)data.Length);
        data.CopyTo(message, 16);
        Send(message);
    }

    public OptionReply ReadOptionReply()
    {
        var header = ReadExactly(20);
        ulong magic = BinaryPrimitives.ReadUInt64BigEndian(header);
        if (magic != NbdMagic.OptionReply)
        {
            throw new InvalidDataException($"bad option reply magic 0x{magic:x}");
        }
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(16));
        return new OptionReply(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)),
            BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)), ReadExactly((int)length));
    }

    public static byte[] InfoRequest(string name, params ushort[] infos)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[4 + nameBytes.Length + 2 + (2 * infos.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)nameBytes.Length);
        nameBytes.CopyTo(data, 4);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4 + nameBytes.Length), (ushort)infos.Length);
        for (int i = 0; i < infos.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(6 + nameBytes.Length + (2 * i)), infos[i]);
        }
        return data;
    }

    /// <summary>Sends INFO or GO and collects replies up to the final one.</summary>
    public (List<OptionReply> Infos, OptionReply Final) InfoOrGo(uint option, string name, params ushort[] infos)
    {
        SendOption(option, InfoRequest(name, infos));
        var list = new List<OptionReply>();
        while (true)
        {
            var reply = ReadOptionReply();
            if (reply.Type == 3)
            {
                list.Add(reply);
                if (reply.InfoType == 0)
                {
                    ExportSize = BinaryPrimitives.ReadUInt64BigEndian(reply.Data.AsSpan(2));
                    TransmissionFlags = BinaryPrimitives.ReadUInt16BigEndian(reply.Data.AsSpan(10));
                }
                continue;
            }
            return (list, reply);
        }
    }

    public (List<OptionReply> Infos, OptionReply Final) Go(string name, params ushort[] infos) =>
        InfoOrGo(NbdOptionValues.Go, name, infos);

    public ulong SendRequest(ushort type, ulong offset, uint length, ushort flags = 0, byte[]? payload = null, ulong? cookie = null)
    {
        ulong id = cookie ?? _nextCookie++;
        var header = new byte[28];
        NbdRequest.Write(header, new NbdRequest((CommandFlags)flags, type, id, offset, length));
        _pending[id] = (type, length);
        Send(header);
        if (payload is not null)
        {
            Send(payload);
        }
        return id;
    }

    public TransmissionReply ReadReply()
    {
        var magicBytes = ReadExactly(4);
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(magicBytes);
        if (magic == NbdMagic.SimpleReply)
        {
            var rest = ReadExactly(12);
            uint error = BinaryPrimitives.ReadUInt32BigEndian(rest);
            ulong cookie = BinaryPrimitives.ReadUInt64BigEndian(rest.AsSpan(4));
            _pending.Remove(cookie, out var request);
            byte[] data = error == 0 && request.Type == 0 ? ReadExactly((int)request.Length) : [];
            return new TransmissionReply(cookie, error, data, false, 0, 0, null);
        }
        if (magic == NbdMagic.StructuredReply)
        {
            var rest = ReadExactly(16);
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(rest);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(rest.AsSpan(2));
            ulong cookie = BinaryPrimitives.ReadUInt64BigEndian(rest.AsSpan(4));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(12));
            var payload = ReadExactly((int)length);
            _pending.Remove(cookie);
            return type switch
            {
                1 => new TransmissionReply(cookie, 0, payload[8..], true, type, flags, null),
                0x8001 or 0x8002 => new TransmissionReply(cookie, BinaryPrimitives.ReadUInt32BigEndian(payload), [], true, type, flags,
                    Encoding.UTF8.GetString(payload, 6, BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(4)))),
                _ => new TransmissionReply(cookie, 0, [], true, type, flags, null),
            };
        }
        throw new InvalidDataException($"bad reply magic 0x{magic:x8}");
    }

    /// <summary>One request, one reply (no pipelining).</summary>
    public TransmissionReply Call(ushort type, ulong offset, uint length, ushort flags = 0, byte[]? payload = null)
    {
        ulong cookie = SendRequest(type, offset, length, flags, payload);
        var reply = ReadReply();
        if (reply.Cookie != cookie)
        {
            throw new InvalidDataException($"reply for cookie {reply.Cookie}, expected {cookie}");
        }
        return reply;
    }

    public byte[] Read(ulong offset, int length)
    {
        var reply = Call(0, offset, (uint)length);
        if (reply.Error != 0)
        {
            throw new IOException($"read failed with NBD error {reply.Error}: {reply.Message}");
        }
        return reply.Data;
    }

    public void Write(ulong offset, byte[] data, ushort flags = 0)
    {
        var reply = Call(1, offset, (uint)data.Length, flags, data);
        if (reply.Error != 0)
        {
            throw new IOException($"write failed with NBD error {reply.Error}: {reply.Message}");
        }
    }

    /// <summary>True when the server has closed the connection (reads return end of stream).</summary>
    public bool IsClosedByServer(int timeoutMs = 10000)
    {
        _socket.ReceiveTimeout = timeoutMs;
        try
        {
            var buffer = new byte[4096];
            while (true)
            {
                int n = _stream.Read(buffer);
                if (n == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Send(byte[] data) => _stream.Write(data);

    public byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    public void Dispose() => _stream.Dispose();
}

internal static class NbdOptionValues
{
    public const uint ExportName = 1, Abort = 2, List = 3, StartTls = 5, Info = 6, Go = 7, StructuredReply = 8, ListMetaContext = 9;
}

internal static class Cmd
{
    public const ushort Read = 0, Write = 1, Disc = 2, Flush = 3, Trim = 4, Cache = 5, WriteZeroes = 6, BlockStatus = 7;
    public const ushort FlagFua = 1, FlagNoHole = 2, FlagDf = 4, FlagFastZero = 0x10;
}
