namespace SharpLvm.Nbd.Protocol;

/// <summary>Magic numbers and fixed sizes of the NBD wire format (doc/proto.md; all integers big-endian).</summary>
internal static class NbdMagic
{
    public const ulong InitPassword = 0x4e42444d41474943; // "NBDMAGIC"
    public const ulong IHaveOpt = 0x49484156454F5054;     // "IHAVEOPT"
    public const ulong OptionReply = 0x0003e889045565a9;
    public const uint Request = 0x25609513;
    public const uint SimpleReply = 0x67446698;
    public const uint StructuredReply = 0x668e33ef;

    public const int RequestLength = 28;
    public const int SimpleReplyLength = 16;
    public const int StructuredReplyHeaderLength = 20;
    public const int OptionHeaderLength = 16;
    public const int OptionReplyHeaderLength = 20;

    /// <summary>The payload every server should accept (2^25 bytes), and the most we accept.</summary>
    public const int MaxPayload = 32 * 1024 * 1024;

    /// <summary>Strings (names, messages) MUST be at most this long.</summary>
    public const int MaxString = 4096;
}

/// <summary>Field offsets of a 28-byte request.</summary>
internal static class RequestFields
{
    public const int Magic = 0;
    public const int Flags = 4;
    public const int Type = 6;
    public const int Cookie = 8;
    public const int Offset = 16;
    public const int Length = 24;
}

[Flags]
internal enum HandshakeFlags : ushort
{
    None = 0,
    FixedNewstyle = 0x0001,
    NoZeroes = 0x0002,
}

[Flags]
internal enum ClientFlags : uint
{
    None = 0,
    FixedNewstyle = 0x0001,
    NoZeroes = 0x0002,
}

internal enum NbdOption : uint
{
    ExportName = 1,
    Abort = 2,
    List = 3,
    StartTls = 5,
    Info = 6,
    Go = 7,
    StructuredReply = 8,
}

internal enum OptionReplyType : uint
{
    Ack = 1,
    Server = 2,
    Info = 3,
    ErrUnsup = 0x80000001,
    ErrPolicy = 0x80000002,
    ErrInvalid = 0x80000003,
    ErrUnknown = 0x80000006,
    ErrShutdown = 0x80000007,
    ErrTooBig = 0x80000009,
}

internal enum InfoType : ushort
{
    Export = 0,
    Name = 1,
    Description = 2,
    BlockSize = 3,
}

[Flags]
internal enum TransmissionFlags : ushort
{
    HasFlags = 0x0001,
    ReadOnly = 0x0002,
    SendFlush = 0x0004,
    SendFua = 0x0008,
    SendTrim = 0x0020,
    SendWriteZeroes = 0x0040,
    SendDf = 0x0080,
    CanMultiConn = 0x0100,
}

internal enum NbdCommand : ushort
{
    Read = 0,
    Write = 1,
    Disconnect = 2,
    Flush = 3,
    Trim = 4,
    WriteZeroes = 6,
}

[Flags]
internal enum CommandFlags : ushort
{
    None = 0,
    Fua = 0x0001,
    NoHole = 0x0002,
    DontFragment = 0x0004,
}

internal enum ChunkType : ushort
{
    None = 0,
    OffsetData = 1,
    Error = 0x8001,
}

internal static class ChunkFlags
{
    public const ushort Done = 0x0001;
}

/// <summary>The fixed wire error values (never host errno).</summary>
internal enum NbdError : uint
{
    None = 0,
    Perm = 1,
    Io = 5,
    NoMem = 12,
    Invalid = 22,
    NoSpace = 28,
    Overflow = 75,
    NotSup = 95,
    Shutdown = 108,
}
