using System.Buffers.Binary;

namespace SharpLvm.Nbd.Protocol;

/// <summary>One transmission-phase request header (28 bytes on the wire).</summary>
internal readonly record struct NbdRequest(CommandFlags Flags, ushort Type, ulong Cookie, ulong Offset, uint Length)
{
    public NbdCommand Command => (NbdCommand)Type;

    /// <summary>Parses a header; false when the magic is wrong (framing is lost: the caller disconnects).</summary>
    public static bool TryParse(ReadOnlySpan<byte> header, out NbdRequest request)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(header[RequestFields.Magic..]) != NbdMagic.Request)
        {
            request = default;
            return false;
        }
        request = new NbdRequest(
            (CommandFlags)BinaryPrimitives.ReadUInt16BigEndian(header[RequestFields.Flags..]),
            BinaryPrimitives.ReadUInt16BigEndian(header[RequestFields.Type..]),
            BinaryPrimitives.ReadUInt64BigEndian(header[RequestFields.Cookie..]),
            BinaryPrimitives.ReadUInt64BigEndian(header[RequestFields.Offset..]),
            BinaryPrimitives.ReadUInt32BigEndian(header[RequestFields.Length..]));
        return true;
    }

    /// <summary>Encodes a header (used by tests and benchmarks acting as a client).</summary>
    public static void Write(Span<byte> destination, NbdRequest request)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[RequestFields.Magic..], NbdMagic.Request);
        BinaryPrimitives.WriteUInt16BigEndian(destination[RequestFields.Flags..], (ushort)request.Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[RequestFields.Type..], request.Type);
        BinaryPrimitives.WriteUInt64BigEndian(destination[RequestFields.Cookie..], request.Cookie);
        BinaryPrimitives.WriteUInt64BigEndian(destination[RequestFields.Offset..], request.Offset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[RequestFields.Length..], request.Length);
    }
}
