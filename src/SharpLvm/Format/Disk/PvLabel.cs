using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using L = SharpLvm.Format.Disk.LabelLayout;

namespace SharpLvm.Format.Disk;

/// <summary>
/// The LVM2 label sector: <c>label_header</c> ("LABELONE", sector number, CRC, type "LVM2 001") and the
/// <c>pv_header</c> that follows it (PV uuid, device size, data and metadata area lists, and the v2
/// extension with flags and bootloader areas).
/// </summary>
public sealed record PvLabel
{
    /// <summary>The sector the label sits in (0..3; pvcreate uses 1).</summary>
    public ulong Sector { get; init; } = L.DefaultSector;

    /// <summary>The 32-character PV id, without dashes.</summary>
    public required string PvUuid { get; init; }

    /// <summary>The PV size in bytes as recorded at pvcreate/pvresize time.</summary>
    public required ulong DeviceSize { get; init; }

    /// <summary>Data areas: lvm2 writes exactly one, {pe_start bytes, 0}.</summary>
    public required IReadOnlyList<DiskLocation> DataAreas { get; init; }

    /// <summary>0, 1 or 2 metadata areas {start, size} in bytes.</summary>
    public required IReadOnlyList<DiskLocation> MetadataAreas { get; init; }

    /// <summary>pv_header_extension version; 0 means no extension.</summary>
    public uint ExtensionVersion { get; init; } = L.ExtensionVersion;

    public uint ExtensionFlags { get; init; }

    public IReadOnlyList<DiskLocation> BootloaderAreas { get; init; } = [];

    /// <summary>PV_EXT_USED: the PV belongs to a VG.</summary>
    public bool InVg => (ExtensionFlags & L.PvExtUsed) != 0;

    /// <summary>The start of the data area (pe_start) in bytes.</summary>
    public ulong DataStart => DataAreas.Count > 0 ? DataAreas[0].Offset : 0;

    public ulong ByteOffset => Sector * L.SectorSize;

    /// <summary>
    /// Scans sectors 0..3 for a label. False when there is none (or one of another type);
    /// throws <see cref="DeviceMapper.Errors.ErrorCode.Corrupt"/> for a damaged one.
    /// </summary>
    public static bool TryRead(IBlockDevice device, [NotNullWhen(true)] out PvLabel? label)
    {
        label = null;
        int sectors = (int)Math.Min((ulong)L.ScanSectors, device.Size.Value);
        if (sectors == 0)
        {
            return false;
        }
        var scan = new byte[sectors * L.SectorSize];
        device.Read(default, scan);
        for (int s = 0; s < sectors; s++)
        {
            if (!TryParse(scan.AsSpan(s * L.SectorSize, L.SectorSize), (ulong)s, device.Name, out var found))
            {
                continue;
            }
            if (label is not null)
            {
                throw DiskErrors.Corrupt(device.Name, found.ByteOffset,
                    $"a second LVM2 label (the first is in sector {label.Sector})");
            }
            label = found;
        }
        return label is not null;
    }

    /// <summary>Parses one 512-byte sector found at <paramref name="sectorNumber"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> sector, ulong sectorNumber, string deviceName, [NotNullWhen(true)] out PvLabel? label)
    {
        label = null;
        if (sector.Length < L.SectorSize || !sector[..L.IdLength].SequenceEqual(L.LabelId))
        {
            return false;
        }
        ulong at = sectorNumber * L.SectorSize;
        ulong recorded = BinaryPrimitives.ReadUInt64LittleEndian(sector[L.SectorNumber..]);
        if (recorded != sectorNumber)
        {
            throw DiskErrors.Corrupt(deviceName, at + L.SectorNumber,
                $"LVM2 label in sector {sectorNumber} says it belongs in sector {recorded}");
        }
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(sector[L.Crc..]);
        uint actual = LvmCrc.Compute(sector[L.CrcStart..L.SectorSize]);
        if (crc != actual)
        {
            throw DiskErrors.Corrupt(deviceName, at + L.Crc, $"LVM2 label checksum 0x{crc:x} does not match its contents (0x{actual:x})");
        }
        if (!sector.Slice(L.Type, L.TypeLength).SequenceEqual(L.Lvm2Type))
        {
            return false;
        }
        uint contents = BinaryPrimitives.ReadUInt32LittleEndian(sector[L.ContentsOffset..]);
        if (contents != L.HeaderSize)
        {
            throw DiskErrors.Corrupt(deviceName, at + L.ContentsOffset, $"pv_header offset {contents} in the LVM2 label is not 32");
        }
        label = ParsePvHeader(sector, sectorNumber, deviceName);
        return true;
    }

    private static PvLabel ParsePvHeader(ReadOnlySpan<byte> sector, ulong sectorNumber, string deviceName)
    {
        ulong at = sectorNumber * L.SectorSize;
        var uuid = sector.Slice(L.PvUuid, L.UuidLength);
        if (!Disk.PvUuid.IsValidRaw(uuid))
        {
            throw DiskErrors.Corrupt(deviceName, at + L.PvUuid, "pv_header uuid has characters outside 0-9a-zA-Z!#");
        }
        int position = L.DiskAreas;
        var data = ReadList(sector, ref position, at, deviceName, "data area");
        var mdas = ReadList(sector, ref position, at, deviceName, "metadata area");
        if (mdas.Count > 2)
        {
            throw DiskErrors.Corrupt(deviceName, at + L.DiskAreas, $"pv_header lists {mdas.Count} metadata areas (at most 2)");
        }
        uint version = 0, flags = 0;
        IReadOnlyList<DiskLocation> bootloader = [];
        if (position + L.ExtensionFixedSize <= L.SectorSize)
        {
            version = BinaryPrimitives.ReadUInt32LittleEndian(sector[position..]);
            if (version != 0)
            {
                flags = BinaryPrimitives.ReadUInt32LittleEndian(sector[(position + 4)..]);
                position += L.ExtensionFixedSize;
                bootloader = ReadList(sector, ref position, at, deviceName, "bootloader area");
            }
        }
        return new PvLabel
        {
            Sector = sectorNumber,
            PvUuid = Encoding.ASCII.GetString(uuid),
            DeviceSize = BinaryPrimitives.ReadUInt64LittleEndian(sector[L.DeviceSize..]),
            DataAreas = data,
            MetadataAreas = mdas,
            ExtensionVersion = version,
            ExtensionFlags = flags,
            BootloaderAreas = bootloader,
        };
    }

    private static List<DiskLocation> ReadList(ReadOnlySpan<byte> sector, ref int position, ulong at, string deviceName, string what)
    {
        var list = new List<DiskLocation>();
        while (true)
        {
            if (position + DiskLocation.EncodedSize > L.SectorSize)
            {
                throw DiskErrors.Corrupt(deviceName, at + (ulong)position, $"pv_header {what} list runs past the end of the label sector");
            }
            var entry = DiskLocation.Read(sector[position..]);
            position += DiskLocation.EncodedSize;
            if (entry.Offset == 0)
            {
                return list;
            }
            list.Add(entry);
        }
    }

    /// <summary>The 512-byte label sector, CRC included, as lvm2 writes it (zeros after the last list).</summary>
    public byte[] Encode()
    {
        var sector = new byte[L.SectorSize];
        L.LabelId.CopyTo(sector);
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(L.SectorNumber), Sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(L.ContentsOffset), L.HeaderSize);
        L.Lvm2Type.CopyTo(sector.AsSpan(L.Type));
        if (!Disk.PvUuid.IsValidRaw(Encoding.ASCII.GetBytes(PvUuid)))
        {
            throw new ArgumentException($"Invalid PV uuid '{PvUuid}'");
        }
        Encoding.ASCII.GetBytes(PvUuid, sector.AsSpan(L.PvUuid));
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(L.DeviceSize), DeviceSize);
        int position = L.DiskAreas;
        WriteList(sector, ref position, DataAreas);
        WriteList(sector, ref position, MetadataAreas);
        if (ExtensionVersion != 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(position), ExtensionVersion);
            BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(position + 4), ExtensionFlags);
            position += L.ExtensionFixedSize;
            // lvm2 always writes one bootloader entry (zero when there is none), then the terminator.
            WriteList(sector, ref position, BootloaderAreas.Count == 0 ? [default] : BootloaderAreas);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(L.Crc), LvmCrc.Compute(sector.AsSpan(L.CrcStart)));
        return sector;
    }

    private static void WriteList(byte[] sector, ref int position, IReadOnlyList<DiskLocation> list)
    {
        foreach (var entry in list)
        {
            entry.Write(sector.AsSpan(position));
            position += DiskLocation.EncodedSize;
        }
        position += DiskLocation.EncodedSize; // the {0,0} terminator (already zero)
    }
}
