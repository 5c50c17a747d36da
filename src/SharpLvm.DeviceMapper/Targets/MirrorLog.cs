using System.Globalization;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>Where a mirror keeps its region state: in memory only, or in a dm-log disk log.</summary>
public enum MirrorLogType
{
    Core,
    Disk,
}

/// <summary>The optional sync word of a mirror log: none (use the log), "sync" (resync all) or "nosync" (assume in sync).</summary>
public enum MirrorSync
{
    Default,
    Sync,
    NoSync,
}

/// <summary>
/// A mirror's dirty-region log parameters: "core &lt;1|2&gt; &lt;region_size&gt; [sync|nosync]" or
/// "disk &lt;2|3&gt; &lt;dev&gt; &lt;region_size&gt; [sync|nosync]".
/// </summary>
public sealed record MirrorLog
{
    /// <summary>Byte offset of the clean bitmap in a disk log (LOG_OFFSET, sector 2).</summary>
    public const int BitmapOffset = 1024;

    public MirrorLog(MirrorLogType type, DeviceRef? device, Sectors regionSize, MirrorSync sync = MirrorSync.Default)
    {
        if ((type == MirrorLogType.Disk) != device.HasValue)
        {
            throw TargetRegistry.Invalid("mirror", [], type == MirrorLogType.Disk ? "a disk log needs a device" : "a core log has no device");
        }
        if (regionSize.Value < 2 || regionSize.Value > uint.MaxValue || !ulong.IsPow2(regionSize.Value))
        {
            throw TargetRegistry.Invalid("mirror", [regionSize.ToString()], $"invalid region size {regionSize}: a power of two of at least 2 sectors");
        }
        Type = type;
        Device = device;
        RegionSize = regionSize;
        Sync = sync;
    }

    public MirrorLogType Type { get; }

    public DeviceRef? Device { get; }

    public Sectors RegionSize { get; }

    public MirrorSync Sync { get; }

    public static MirrorLog Core(Sectors regionSize, MirrorSync sync = MirrorSync.Default) => new(MirrorLogType.Core, null, regionSize, sync);

    public static MirrorLog Disk(DeviceRef device, Sectors regionSize, MirrorSync sync = MirrorSync.Default) => new(MirrorLogType.Disk, device, regionSize, sync);

    /// <summary>Regions of a mirror of <paramref name="length"/> sectors: ceil(length / region size).</summary>
    public ulong RegionCount(Sectors length) => (length.Value + RegionSize.Value - 1) / RegionSize.Value;

    /// <summary>Bytes of the clean bitmap on disk: whole 64-bit words (the kernel's BITS_PER_LONG on 64-bit).</summary>
    public static int BitmapBytes(ulong regionCount) => checked((int)((regionCount + 63) / 64 * 8));

    /// <summary>The disk log's area (header and bitmap, read and written as one I/O), in 512-byte sectors.</summary>
    public static Sectors DiskAreaSize(ulong regionCount) => Sectors.CoveringBytes((ulong)(BitmapOffset + BitmapBytes(regionCount)));

    internal static MirrorLog Read(TargetArgs args)
    {
        string type = args.Word("log type");
        uint count = args.UInt32("log argument count");
        if (count > args.Remaining)
        {
            throw args.Invalid("insufficient mirror log arguments");
        }
        (MirrorLogType kind, uint min) = type switch
        {
            "core" => (MirrorLogType.Core, 1u),
            "disk" => (MirrorLogType.Disk, 2u),
            _ => throw args.Invalid($"unknown mirror log type \"{type}\" (core or disk)"),
        };
        if (count < min || count > min + 1)
        {
            throw args.Invalid($"a {type} log takes {min} or {min + 1} arguments, not {count}");
        }
        DeviceRef? device = kind == MirrorLogType.Disk ? args.Device("log device") : null;
        uint regionSize = args.UInt32("region size");
        if (regionSize < 2 || !uint.IsPow2(regionSize))
        {
            throw args.Invalid($"invalid region size {regionSize}: a power of two of at least 2 sectors");
        }
        var sync = MirrorSync.Default;
        if (count == min + 1)
        {
            string word = args.Word("sync argument");
            sync = word switch
            {
                "sync" => MirrorSync.Sync,
                "nosync" => MirrorSync.NoSync,
                _ => throw args.Invalid($"unrecognised sync argument \"{word}\" to dirty region log (sync or nosync)"),
            };
        }
        return new MirrorLog(kind, device, new Sectors(regionSize), sync);
    }

    public MirrorLog WithDevice(Func<DeviceRef, DeviceRef> map) =>
        Device is { } device ? new MirrorLog(Type, map(device), RegionSize, Sync) : this;

    /// <summary>As the kernel prints it, ending with a space: "disk 2 254:0 4096 ", "core 2 1024 nosync ".</summary>
    public override string ToString()
    {
        string syncWord = Sync switch
        {
            MirrorSync.Sync => "sync ",
            MirrorSync.NoSync => "nosync ",
            _ => "",
        };
        int count = (Type == MirrorLogType.Disk ? 2 : 1) + (Sync == MirrorSync.Default ? 0 : 1);
        string device = Device is { } d ? $"{d} " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(Type == MirrorLogType.Disk ? "disk" : "core")} {count} {device}{RegionSize} {syncWord}");
    }
}
