using System.Buffers.Binary;
using SharpLvm.DeviceMapper.BlockDevices;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's <c>mda_header</c>: the first 512 bytes of a metadata area. Slot 0 points at the committed
/// text, slot 1 at the precommitted text (empty when nothing is pending).
/// </summary>
public sealed record MdaHeader(ulong Start, ulong Size, RawLocation Committed, RawLocation Precommitted)
{
    public const int HeaderSize = 512;
    public const int ChecksumOffset = 0;
    public const int CrcStart = 4;
    public const int MagicOffset = 4;
    public const int MagicLength = 16;
    public const int VersionOffset = 20;
    public const int StartOffset = 24;
    public const int SizeOffset = 32;
    public const int Slot0Offset = 40;
    public const int Slot1Offset = Slot0Offset + RawLocation.EncodedSize;
    /// <summary>FMTT_VERSION.</summary>
    public const uint FormatVersion = 1;

    /// <summary>FMTT_MAGIC, " LVM2 x[5A%r0N*>".</summary>
    public static ReadOnlySpan<byte> Magic => " LVM2 x[5A%r0N*>"u8;

    /// <summary>Reads and validates the header of the area at <paramref name="area"/>.</summary>
    public static MdaHeader Read(IBlockDevice device, DiskLocation area)
    {
        var buffer = new byte[HeaderSize];
        device.ReadBytes(area.Offset, buffer);
        return Parse(buffer, device.Name, area);
    }

    /// <summary>Validates as LVM2's raw_parse_mda_header does; a bad header throws Corrupt with its offset.</summary>
    public static MdaHeader Parse(ReadOnlySpan<byte> buffer, string deviceName, DiskLocation area)
    {
        ulong at = area.Offset;
        if (!buffer.Slice(MagicOffset, MagicLength).SequenceEqual(Magic))
        {
            throw DiskErrors.Corrupt(deviceName, at + MagicOffset, "metadata area header has a wrong magic");
        }
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        uint actual = LvmCrc.Compute(buffer[CrcStart..HeaderSize]);
        if (checksum != actual)
        {
            throw DiskErrors.Corrupt(deviceName, at, $"metadata area header checksum 0x{checksum:x} does not match its contents (0x{actual:x})");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(buffer[VersionOffset..]);
        if (version != FormatVersion)
        {
            throw DiskErrors.Corrupt(deviceName, at + VersionOffset, $"metadata area header version {version} is not 1");
        }
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(buffer[StartOffset..]);
        if (start != area.Offset)
        {
            throw DiskErrors.Corrupt(deviceName, at + StartOffset, $"metadata area header says it starts at {start}");
        }
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(buffer[SizeOffset..]);
        if (size < HeaderSize || size != area.Size)
        {
            throw DiskErrors.Corrupt(deviceName, at + SizeOffset, $"metadata area header size {size} does not match the pv_header's {area.Size}");
        }
        return new MdaHeader(start, size,
            RawLocation.Read(buffer[Slot0Offset..]), RawLocation.Read(buffer[Slot1Offset..]));
    }

    /// <summary>The 512 bytes with the checksum, as lvm2 writes them.</summary>
    public byte[] Encode()
    {
        var buffer = new byte[HeaderSize];
        Magic.CopyTo(buffer.AsSpan(MagicOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(VersionOffset), FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(StartOffset), Start);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(SizeOffset), Size);
        Committed.Write(buffer.AsSpan(Slot0Offset));
        Precommitted.Write(buffer.AsSpan(Slot1Offset));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, LvmCrc.Compute(buffer.AsSpan(CrcStart)));
        return buffer;
    }
}
