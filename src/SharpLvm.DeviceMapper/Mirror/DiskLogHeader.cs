using System.Buffers.Binary;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>
/// The dm-log disk header at sector 0 of the log device (<c>struct log_header_disk</c>): magic "MiRr"
/// (little-endian 0x4D695272), version 2, region count; the clean bitmap follows at byte 1024.
/// </summary>
public readonly record struct DiskLogHeader(uint Magic, uint Version, ulong RegionCount)
{
    public const uint MirrorMagic = 0x4D695272;
    public const uint CurrentVersion = 2;
    public const int MagicOffset = 0;
    public const int VersionOffset = 4;
    public const int RegionCountOffset = 8;
    public const int Size = 16;

    public static DiskLogHeader For(ulong regionCount) => new(MirrorMagic, CurrentVersion, regionCount);

    /// <summary>False when the bytes are not a mirror log (wrong magic): the kernel then treats the log as new.</summary>
    public static bool TryRead(ReadOnlySpan<byte> area, out DiskLogHeader header)
    {
        if (area.Length < Size)
        {
            throw new StorageException(ErrorCode.Corrupt, $"Mirror log header needs {Size} bytes, got {area.Length}.");
        }
        header = new DiskLogHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(area[MagicOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(area[VersionOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(area[RegionCountOffset..]));
        return header.Magic == MirrorMagic;
    }

    /// <summary>Version 1 is read as 2 on little-endian hosts; any other version is incompatible.</summary>
    public bool IsCompatible => Version is 1 or CurrentVersion;

    public void Write(Span<byte> area)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(area[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(area[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(area[RegionCountOffset..], RegionCount);
    }
}
