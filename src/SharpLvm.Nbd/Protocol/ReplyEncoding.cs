using System.Buffers.Binary;

namespace SharpLvm.Nbd.Protocol;

/// <summary>Encoders for the server's fixed-layout messages.</summary>
internal static class ReplyEncoding
{
    /// <summary>Simple reply: magic u32 · error u32 · cookie u64.</summary>
    public static void SimpleReply(Span<byte> destination, NbdError error, ulong cookie)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NbdMagic.SimpleReply);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)error);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], cookie);
    }

    /// <summary>Structured reply chunk header: magic u32 · flags u16 · type u16 · cookie u64 · length u32.</summary>
    public static void ChunkHeader(Span<byte> destination, ushort flags, ChunkType type, ulong cookie, uint length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NbdMagic.StructuredReply);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)type);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], cookie);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], length);
    }

    /// <summary>Option reply header: magic u64 · option u32 · reply type u32 · length u32.</summary>
    public static void OptionReplyHeader(Span<byte> destination, uint option, OptionReplyType type, uint length)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NbdMagic.OptionReply);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], option);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], (uint)type);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], length);
    }
}
