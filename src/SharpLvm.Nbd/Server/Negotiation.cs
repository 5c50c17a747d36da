using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Protocol;

namespace SharpLvm.Nbd.Server;

/// <summary>What negotiation agreed on: the export and whether replies are structured.</summary>
internal sealed record NegotiatedSession(NbdExport Export, bool StructuredReplies);

/// <summary>Thrown when the client broke a MUST of the handshake: the connection is closed without a reply.</summary>
internal sealed class NbdProtocolException(string message) : Exception(message);

/// <summary>The fixed newstyle handshake and the option haggling, server side.</summary>
internal sealed class Negotiation
{
    /// <summary>Option data we read; larger options are skipped and refused, far larger ones end the connection.</summary>
    private const int MaxOptionData = 64 * 1024;
    private const long MaxSkippedOptionData = 1024 * 1024;

    /// <summary>Block sizes we advertise: sectors, 4 KiB, and the 32 MiB every server should accept.</summary>
    internal const uint MinimumBlockSize = 512;
    internal const uint PreferredBlockSize = 4096;

    private readonly Socket _socket;
    private readonly SocketReader _reader;
    private readonly INbdExportProvider _exports;
    private bool _fixedNewstyle;
    private bool _noZeroes;
    private bool _structured;

    public Negotiation(Socket socket, SocketReader reader, INbdExportProvider exports)
    {
        _socket = socket;
        _reader = reader;
        _exports = exports;
    }

    /// <summary>Runs the handshake; null when the client aborted or left before choosing an export.</summary>
    public async Task<NegotiatedSession?> RunAsync(CancellationToken cancellationToken)
    {
        var greeting = new byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(greeting, NbdMagic.InitPassword);
        BinaryPrimitives.WriteUInt64BigEndian(greeting.AsSpan(8), NbdMagic.IHaveOpt);
        BinaryPrimitives.WriteUInt16BigEndian(greeting.AsSpan(16), (ushort)(HandshakeFlags.FixedNewstyle | HandshakeFlags.NoZeroes));
        await SendAsync(greeting, cancellationToken).ConfigureAwait(false);

        var clientFlags = new byte[4];
        if (!await _reader.TryReadExactlyAsync(clientFlags, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var flags = (ClientFlags)BinaryPrimitives.ReadUInt32BigEndian(clientFlags);
        if ((flags & ~(ClientFlags.FixedNewstyle | ClientFlags.NoZeroes)) != 0)
        {
            throw new NbdProtocolException($"client sent unknown handshake flags 0x{(uint)flags:x8}");
        }
        _fixedNewstyle = flags.HasFlag(ClientFlags.FixedNewstyle);
        _noZeroes = flags.HasFlag(ClientFlags.NoZeroes);

        var header = new byte[NbdMagic.OptionHeaderLength];
        while (true)
        {
            if (!await _reader.TryReadExactlyAsync(header, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            if (BinaryPrimitives.ReadUInt64BigEndian(header) != NbdMagic.IHaveOpt)
            {
                throw new NbdProtocolException("option without the IHAVEOPT magic");
            }
            uint option = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
            if (length > MaxOptionData)
            {
                if (length > MaxSkippedOptionData)
                {
                    throw new NbdProtocolException($"option {option} with {length} bytes of data");
                }
                await _reader.SkipAsync(length, cancellationToken).ConfigureAwait(false);
                await ReplyAsync(option, OptionReplyType.ErrTooBig, "option data too large", cancellationToken).ConfigureAwait(false);
                continue;
            }
            var data = new byte[length];
            await _reader.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
            var outcome = await HandleOptionAsync(option, data, cancellationToken).ConfigureAwait(false);
            if (outcome.Done)
            {
                return outcome.Session;
            }
        }
    }

    private readonly record struct Outcome(bool Done, NegotiatedSession? Session)
    {
        public static Outcome Continue => default;
    }

    private async Task<Outcome> HandleOptionAsync(uint option, byte[] data, CancellationToken ct)
    {
        switch ((NbdOption)option)
        {
            case NbdOption.ExportName:
                return new Outcome(true, await ExportNameAsync(data, ct).ConfigureAwait(false));
            case NbdOption.Abort:
                await ReplyAsync(option, OptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
                return new Outcome(true, null);
            case NbdOption.List:
                await ListAsync(option, data, ct).ConfigureAwait(false);
                return Outcome.Continue;
            case NbdOption.Info:
            case NbdOption.Go:
                var session = await InfoOrGoAsync(option, data, ct).ConfigureAwait(false);
                return session is null ? Outcome.Continue : new Outcome(true, session);
            case NbdOption.StructuredReply:
                if (data.Length != 0)
                {
                    await ReplyAsync(option, OptionReplyType.ErrInvalid, "NBD_OPT_STRUCTURED_REPLY takes no data", ct).ConfigureAwait(false);
                    return Outcome.Continue;
                }
                _structured = true;
                await ReplyAsync(option, OptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
                return Outcome.Continue;
            default:
                if (!_fixedNewstyle)
                {
                    throw new NbdProtocolException($"unsupported option {option} from a client without fixed newstyle");
                }
                await ReplyAsync(option, OptionReplyType.ErrUnsup, $"option {option} is not supported", ct).ConfigureAwait(false);
                return Outcome.Continue;
        }
    }

    private async Task<NegotiatedSession> ExportNameAsync(byte[] data, CancellationToken ct)
    {
        string name = DecodeName(data);
        // An unknown export here can only be answered by closing the connection.
        var export = _exports.Find(name) ?? throw new NbdProtocolException($"NBD_OPT_EXPORT_NAME for unknown export \"{name}\"");
        var reply = new byte[_noZeroes ? 10 : 134];
        BinaryPrimitives.WriteUInt64BigEndian(reply, export.Device.Size.Bytes);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), (ushort)TransmissionFlagsFor(export));
        await SendAsync(reply, ct).ConfigureAwait(false);
        return new NegotiatedSession(export, _structured);
    }

    private async Task ListAsync(uint option, byte[] data, CancellationToken ct)
    {
        if (data.Length != 0)
        {
            await ReplyAsync(option, OptionReplyType.ErrInvalid, "NBD_OPT_LIST takes no data", ct).ConfigureAwait(false);
            return;
        }
        foreach (var export in _exports.List())
        {
            byte[] name = Encoding.UTF8.GetBytes(export.Name);
            byte[] description = Encoding.UTF8.GetBytes(export.Description ?? string.Empty);
            var payload = new byte[4 + name.Length + description.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)name.Length);
            name.CopyTo(payload, 4);
            description.CopyTo(payload, 4 + name.Length);
            await ReplyAsync(option, OptionReplyType.Server, payload, ct).ConfigureAwait(false);
        }
        await ReplyAsync(option, OptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
    }

    /// <summary>NBD_OPT_INFO / NBD_OPT_GO: name length u32 · name · count u16 · count × info id u16.</summary>
    private async Task<NegotiatedSession?> InfoOrGoAsync(uint option, byte[] data, CancellationToken ct)
    {
        if (data.Length < 6)
        {
            await ReplyAsync(option, OptionReplyType.ErrInvalid, "option data too short", ct).ConfigureAwait(false);
            return null;
        }
        uint nameLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (nameLength > (uint)data.Length - 6)
        {
            await ReplyAsync(option, OptionReplyType.ErrInvalid, "export name length exceeds the option data", ct).ConfigureAwait(false);
            return null;
        }
        int countAt = 4 + (int)nameLength;
        int count = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(countAt));
        if (data.Length != countAt + 2 + (2 * count))
        {
            await ReplyAsync(option, OptionReplyType.ErrInvalid, "information request count does not match the option length", ct).ConfigureAwait(false);
            return null;
        }
        string name;
        try
        {
            name = DecodeName(data.AsSpan(4, (int)nameLength));
        }
        catch (NbdProtocolException e)
        {
            await ReplyAsync(option, OptionReplyType.ErrInvalid, e.Message, ct).ConfigureAwait(false);
            return null;
        }
        var export = _exports.Find(name);
        if (export is null)
        {
            await ReplyAsync(option, OptionReplyType.ErrUnknown, $"no export named \"{name}\"", ct).ConfigureAwait(false);
            return null;
        }

        var requested = new HashSet<InfoType>();
        for (int i = 0; i < count; i++)
        {
            requested.Add((InfoType)BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(countAt + 2 + (2 * i))));
        }
        await SendInfoAsync(option, export, requested, ct).ConfigureAwait(false);
        await ReplyAsync(option, OptionReplyType.Ack, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
        return (NbdOption)option == NbdOption.Go ? new NegotiatedSession(export, _structured) : null;
    }

    private async Task SendInfoAsync(uint option, NbdExport export, HashSet<InfoType> requested, CancellationToken ct)
    {
        var info = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(info, (ushort)InfoType.Export);
        BinaryPrimitives.WriteUInt64BigEndian(info.AsSpan(2), export.Device.Size.Bytes);
        BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(10), (ushort)TransmissionFlagsFor(export));
        await ReplyAsync(option, OptionReplyType.Info, info, ct).ConfigureAwait(false);

        // Block sizes are sent whether asked for or not (the spec allows it): clients that honour them
        // (qemu, libnbd) then send whole sectors only.
        var sizes = new byte[14];
        BinaryPrimitives.WriteUInt16BigEndian(sizes, (ushort)InfoType.BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(2), MinimumBlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(6), PreferredBlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(10), NbdMagic.MaxPayload);
        await ReplyAsync(option, OptionReplyType.Info, sizes, ct).ConfigureAwait(false);

        if (requested.Contains(InfoType.Name))
        {
            await ReplyAsync(option, OptionReplyType.Info, StringInfo(InfoType.Name, export.Name), ct).ConfigureAwait(false);
        }
        if (requested.Contains(InfoType.Description) && export.Description is not null)
        {
            await ReplyAsync(option, OptionReplyType.Info, StringInfo(InfoType.Description, export.Description), ct).ConfigureAwait(false);
        }
    }

    private TransmissionFlags TransmissionFlagsFor(NbdExport export)
    {
        // Every connection reaches the same device and a flush flushes the device, so what one connection
        // flushed is durable for all: multi-conn is correct.
        var flags = TransmissionFlags.HasFlags | TransmissionFlags.SendFlush | TransmissionFlags.SendFua | TransmissionFlags.CanMultiConn;
        flags |= export.ReadOnly
            ? TransmissionFlags.ReadOnly
            : TransmissionFlags.SendTrim | TransmissionFlags.SendWriteZeroes;
        if (_structured)
        {
            flags |= TransmissionFlags.SendDf;
        }
        return flags;
    }

    private static byte[] StringInfo(InfoType type, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var payload = new byte[2 + bytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)type);
        bytes.CopyTo(payload, 2);
        return payload;
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > NbdMagic.MaxString || bytes.Contains((byte)0))
        {
            throw new NbdProtocolException("export name longer than 4096 bytes or containing NUL");
        }
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new NbdProtocolException("export name is not valid UTF-8");
        }
    }

    private Task ReplyAsync(uint option, OptionReplyType type, string message, CancellationToken ct) =>
        ReplyAsync(option, type, Encoding.UTF8.GetBytes(message), ct);

    private async Task ReplyAsync(uint option, OptionReplyType type, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var message = new byte[NbdMagic.OptionReplyHeaderLength + payload.Length];
        ReplyEncoding.OptionReplyHeader(message, option, type, (uint)payload.Length);
        payload.CopyTo(message.AsMemory(NbdMagic.OptionReplyHeaderLength));
        await SendAsync(message, ct).ConfigureAwait(false);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            int n = await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            data = data[n..];
        }
    }
}
