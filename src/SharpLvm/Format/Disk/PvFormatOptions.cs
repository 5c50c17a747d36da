namespace SharpLvm.Format.Disk;

/// <summary>What <c>pvcreate</c> takes: sizes in bytes. Defaults are LVM2 2.03's on a 4 KiB-page host.</summary>
public sealed record PvFormatOptions
{
    public const ulong OneMiB = 1024 * 1024;

    /// <summary>The PV id (32 raw chars); a random one when null.</summary>
    public string? PvUuid { get; init; }

    /// <summary>--metadatasize in bytes; null gives 1 MiB minus a page (the first area then ends at 1 MiB).</summary>
    public ulong? MetadataSize { get; init; }

    /// <summary>--pvmetadatacopies: 0, 1 or 2 (the second area sits at the end of the device).</summary>
    public int MetadataCopies { get; init; } = 1;

    /// <summary>--dataalignment in bytes (devices/default_data_alignment = 1 MiB).</summary>
    public ulong DataAlignment { get; init; } = OneMiB;

    /// <summary>--dataalignmentoffset in bytes.</summary>
    public ulong DataAlignmentOffset { get; init; }

    /// <summary>--bootloaderareasize in bytes (0: none).</summary>
    public ulong BootloaderAreaSize { get; init; }

    /// <summary>The page size of the host that "created" the PV; the first area starts here.</summary>
    public ulong PageSize { get; init; } = 4096;

    /// <summary>Sets PV_EXT_USED (a PV that already belongs to a VG); pvcreate leaves it clear.</summary>
    public bool InVg { get; init; }

    /// <summary>The size to record (--setphysicalvolumesize); the device size when null.</summary>
    public ulong? DeviceSize { get; init; }
}
