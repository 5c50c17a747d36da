using System.Buffers.Binary;
using System.Text;
using SharpLvm.Nbd.Protocol;

namespace SharpLvm.Nbd.Server;

/// <summary>The header bytes of each reply shape (payload data is sent after them unchanged).</summary>
internal static class ReplyBuilder
{
    /// <summary>Longest error message put in an ERROR chunk (characters; the spec asks for short strings).</summary>
    private const int MaxMessageChars = 200;

    /// <summary>Header for a successful READ of <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public static byte[] ReadHeader(bool structured, ulong cookie, ulong offset, uint length)
    {
        if (!structured)
        {
            var simple = new byte[NbdMagic.SimpleReplyLength];
            ReplyEncoding.SimpleReply(simple, NbdError.None, cookie);
            return simple;
        }
        if (length == 0)
        {
            var none = new byte[NbdMagic.StructuredReplyHeaderLength];
            ReplyEncoding.ChunkHeader(none, ChunkFlags.Done, ChunkType.None, cookie, 0);
            return none;
        }
        var chunk = new byte[NbdMagic.StructuredReplyHeaderLength + 8];
        ReplyEncoding.ChunkHeader(chunk, ChunkFlags.Done, ChunkType.OffsetData, cookie, 8 + length);
        BinaryPrimitives.WriteUInt64BigEndian(chunk.AsSpan(NbdMagic.StructuredReplyHeaderLength), offset);
        return chunk;
    }

    /// <summary>A payload-less success (simple replies are allowed for everything but READ).</summary>
    public static byte[] Success(ulong cookie)
    {
        var simple = new byte[NbdMagic.SimpleReplyLength];
        ReplyEncoding.SimpleReply(simple, NbdError.None, cookie);
        return simple;
    }

    /// <summary>
    /// An error: a simple reply, or, once structured replies are on, an ERROR chunk with a message
    /// (a READ must never get a simple reply then).
    /// </summary>
    public static byte[] Error(bool structured, ulong cookie, NbdError error, string? message)
    {
        if (!structured)
        {
            var simple = new byte[NbdMagic.SimpleReplyLength];
            ReplyEncoding.SimpleReply(simple, error, cookie);
            return simple;
        }
        string text = message ?? string.Empty;
        if (text.Length > MaxMessageChars)
        {
            text = text[..MaxMessageChars];
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var chunk = new byte[NbdMagic.StructuredReplyHeaderLength + 6 + bytes.Length];
        ReplyEncoding.ChunkHeader(chunk, ChunkFlags.Done, ChunkType.Error, cookie, (uint)(6 + bytes.Length));
        var payload = chunk.AsSpan(NbdMagic.StructuredReplyHeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)error);
        BinaryPrimitives.WriteUInt16BigEndian(payload[4..], (ushort)bytes.Length);
        bytes.CopyTo(payload[6..]);
        return chunk;
    }
}
