namespace SharpLvm.Format.Disk;

/// <summary>
/// Byte offsets of LVM2's <c>label_header</c> and <c>pv_header</c> inside the 512-byte label sector
/// (LVM2 <c>lib/label/label.h</c>, <c>lib/format_text/layout.h</c>).
/// </summary>
public static class LabelLayout
{
    public const int SectorSize = 512;
    /// <summary>Sectors 0..3 are scanned for a label (LABEL_SCAN_SECTORS).</summary>
    public const int ScanSectors = 4;
    /// <summary>Where pvcreate writes the label (DEFAULT_LABELSECTOR).</summary>
    public const int DefaultSector = 1;

    public const int Id = 0;
    public const int IdLength = 8;
    public const int SectorNumber = 8;
    public const int Crc = 16;
    /// <summary>Where the CRC'd part starts: the offset field to the end of the sector (492 bytes).</summary>
    public const int CrcStart = 20;
    public const int ContentsOffset = 20;
    public const int Type = 24;
    public const int TypeLength = 8;
    /// <summary>The value lvm2 writes in <c>offset_xl</c>: the pv_header follows the 32-byte label_header.</summary>
    public const int HeaderSize = 32;

    // pv_header, relative to the start of the label sector.
    public const int PvUuid = 32;
    public const int UuidLength = 32;
    public const int DeviceSize = 64;
    public const int DiskAreas = 72;
    /// <summary>The pv_header_extension holds version and flags (4 bytes each) before its own location list.</summary>
    public const int ExtensionFixedSize = 8;

    public const uint ExtensionVersion = 2;
    /// <summary>PV_EXT_USED: the PV belongs to a VG.</summary>
    public const uint PvExtUsed = 0x1;

    public static ReadOnlySpan<byte> LabelId => "LABELONE"u8;
    public static ReadOnlySpan<byte> Lvm2Type => "LVM2 001"u8;
}
