using System.Buffers.Binary;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's <c>disk_locn</c>: a byte offset and size on the device (16 bytes, little-endian).
/// A data area of size 0 runs to the end of the device; lists end at the first entry with offset 0.
/// </summary>
public readonly record struct DiskLocation(ulong Offset, ulong Size)
{
    public const int EncodedSize = 16;

    public ulong End => Offset + Size;

    public static DiskLocation Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Size);
    }
}
