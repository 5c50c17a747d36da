using System.Buffers.Binary;
using CsCheck;
using SharpLvm.Format.Disk;
using L = SharpLvm.Format.Disk.LabelLayout;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// Makes mutated on-disk structures pass their first checks again, so that the fuzzer reaches the code behind
/// them: the label's magic, sector number and CRC, the metadata area header's magic, version, start, size and
/// CRC, and the CRC of the metadata text a raw location points at. <see cref="Level"/> picks how much is mended:
/// 0 nothing, 1 the checksums, 2 the magic, sector and place fields too.
/// </summary>
internal static class ChecksumFixups
{
    public static readonly Gen<int> Level = Gen.Frequency((1, Gen.Const(0)), (2, Gen.Const(1)), (2, Gen.Const(2)));

    /// <summary>A 512-byte label sector found in <paramref name="sectorNumber"/>, mended to <paramref name="level"/>.</summary>
    public static byte[] Label(byte[] sector, ulong sectorNumber, int level)
    {
        if (level == 0 || sector.Length < L.SectorSize)
        {
            return sector;
        }
        if (level >= 2)
        {
            L.LabelId.CopyTo(sector.AsSpan(L.Id));
            BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(L.SectorNumber), sectorNumber);
            L.Lvm2Type.CopyTo(sector.AsSpan(L.Type));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(L.Crc), LvmCrc.Compute(sector.AsSpan(L.CrcStart, L.SectorSize - L.CrcStart)));
        return sector;
    }

    /// <summary>A 512-byte metadata area header for <paramref name="area"/>, mended to <paramref name="level"/>.</summary>
    public static byte[] MdaHeaderBytes(byte[] header, DiskLocation area, int level)
    {
        if (level == 0 || header.Length < MdaHeader.HeaderSize)
        {
            return header;
        }
        if (level >= 2)
        {
            MdaHeader.Magic.CopyTo(header.AsSpan(MdaHeader.MagicOffset));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(MdaHeader.VersionOffset), MdaHeader.FormatVersion);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(MdaHeader.StartOffset), area.Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(MdaHeader.SizeOffset), area.Size);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(MdaHeader.ChecksumOffset),
            LvmCrc.Compute(header.AsSpan(MdaHeader.CrcStart, MdaHeader.HeaderSize - MdaHeader.CrcStart)));
        return header;
    }

    /// <summary>
    /// The first bytes of a PV image (<paramref name="patch"/>, laid over <paramref name="image"/>) mended: the text
    /// CRC in slot 0 of the header at <paramref name="mdaAt"/> when the text lies in the image without wrapping,
    /// then the header's CRC, then the label's in <paramref name="labelSector"/>.
    /// </summary>
    public static byte[] Pv(byte[] image, byte[] patch, int labelSector, int mdaAt, int level)
    {
        if (level == 0 || patch.Length < mdaAt + MdaHeader.HeaderSize)
        {
            return patch;
        }
        var header = patch.AsSpan(mdaAt, MdaHeader.HeaderSize);
        ulong areaSize = BinaryPrimitives.ReadUInt64LittleEndian(header[MdaHeader.SizeOffset..]);
        var slot = RawLocation.Read(header[MdaHeader.Slot0Offset..]);
        if (slot.Offset < areaSize && slot.Size <= areaSize - slot.Offset && slot.Size < int.MaxValue
            && (ulong)mdaAt + slot.Offset + slot.Size <= (ulong)image.Length)
        {
            var text = new byte[slot.Size];
            int start = mdaAt + (int)slot.Offset;
            image.AsSpan(start, text.Length).CopyTo(text);
            if (start < patch.Length)
            {
                patch.AsSpan(start, Math.Min(text.Length, patch.Length - start)).CopyTo(text);
            }
            (slot with { Checksum = LvmCrc.Compute(text) }).Write(header[MdaHeader.Slot0Offset..]);
        }
        var area = new DiskLocation((ulong)mdaAt, areaSize);
        MdaHeaderBytes(header.ToArray(), area, level).CopyTo(header);
        Label(patch.AsSpan(labelSector * L.SectorSize, L.SectorSize).ToArray(), (ulong)labelSector, level)
            .CopyTo(patch.AsSpan(labelSector * L.SectorSize));
        return patch;
    }
}
