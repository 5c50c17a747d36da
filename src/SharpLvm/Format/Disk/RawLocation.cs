using System.Buffers.Binary;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's <c>raw_locn</c> (24 bytes): where a metadata text copy sits in its area. <see cref="Offset"/> is
/// relative to the mda start, <see cref="Size"/> counts the terminating NUL, <see cref="Checksum"/> is the
/// LVM CRC of those bytes. {0, 0} means "no metadata".
/// </summary>
public readonly record struct RawLocation(ulong Offset, ulong Size, uint Checksum, uint Flags)
{
    public const int EncodedSize = 24;
    /// <summary>RAW_LOCN_IGNORED: the area is kept but not used for metadata (pvchange --metadataignore).</summary>
    public const uint IgnoredFlag = 0x1;

    public bool IsIgnored => (Flags & IgnoredFlag) != 0;

    public bool IsEmpty => Offset == 0 && Size == 0;

    public static RawLocation Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(source),
        BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[20..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Size);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Flags);
    }
}
