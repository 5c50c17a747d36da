using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Activation;

/// <summary>
/// The table of one LV's device from the VG model (lvm2-reference §2.5): one target per segment, PV areas as
/// <c>major:minor</c> at <c>pe_start + extent_size × pe</c>, LV areas as <c>/dev/mapper/&lt;name&gt;</c> at
/// <c>extent_size × le</c> (the planner turns those into device numbers). Mirrors as LVM2 emits them:
/// <c>mirror core|disk &lt;n&gt; [log] &lt;region&gt; [nosync] &lt;#legs&gt; legs… 1 handle_errors</c>;
/// a mirror of one area (mid-conversion) is linear.
/// </summary>
public sealed class LvTables(VolumeGroup vg, Func<PhysicalVolume, DeviceNumber> pvNumber)
{
    /// <summary>How another LV's device is named in a table.</summary>
    public static DeviceRef LvRef(VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        return DeviceRef.OfPath("/dev/mapper/" + LvDmNames.Name(vg.Name, lv.Name).Value);
    }

    public Table For(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        if (lv.Segments.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidState, $"Logical volume {vg.Name}/{lv.Name} has no segments to activate.");
        }
        var lines = new List<TargetLine>(lv.Segments.Count);
        foreach (LvSegment seg in lv.Segments)
        {
            Sectors start = Size(seg.StartExtent), length = Size(seg.ExtentCount);
            lines.Add(new TargetLine(start, length, Params(lv, seg, length)));
        }
        return new Table(lines);
    }

    private Sectors Size(Extents extents) => vg.ExtentSize * extents.Value;

    private TargetParams Params(LogicalVolume lv, LvSegment seg, Sectors length) => seg switch
    {
        ErrorSegment => ErrorTarget.Instance,
        ZeroSegment => ZeroTarget.Instance,
        StripedSegment { StripeCount: 1 } s => Linear(s.Areas[0]),
        StripedSegment s => new StripedTarget(new Sectors(s.StripeSize), [.. s.Areas.Select(Area)]),
        MirrorSegment { MirrorCount: 1 } m => Linear(m.Areas[0]),
        MirrorSegment m => Mirror(lv, m, length),
        _ => throw new StorageException(ErrorCode.Unsupported,
            $"Cannot activate {vg.Name}/{lv.Name}: segment type {seg.TypeName} is not supported.", "activate it with LVM2"),
    };

    private LinearTarget Linear(SegmentArea area)
    {
        var device = Area(area);
        return new LinearTarget(device.Device, device.Offset);
    }

    private TargetDevice Area(SegmentArea area) => area switch
    {
        PvArea pv => new TargetDevice(DeviceRef.Of(pvNumber(pv.Pv)), pv.Pv.PeStart + Size(pv.StartExtent)),
        LvArea sub => new TargetDevice(LvRef(vg, sub.Lv), Size(sub.StartExtent)),
        _ => throw new StorageException(ErrorCode.Internal, $"Unknown area {area} in VG {vg.Name}."),
    };

    private MirrorTarget Mirror(LogicalVolume lv, MirrorSegment m, Sectors length)
    {
        if (m.MirrorCount > MirrorTarget.MaxLegs)
        {
            throw new StorageException(ErrorCode.Unsupported, $"Cannot activate {vg.Name}/{lv.Name}: {m.MirrorCount} mirror images (at most {MirrorTarget.MaxLegs}).");
        }
        var region = RegionSize(m.RegionSize, length);
        var sync = (lv.Status & LvStatus.NotSynced) != 0 ? MirrorSync.NoSync : MirrorSync.Default;
        var log = m.MirrorLog is { } logLv ? MirrorLog.Disk(LvRef(vg, logLv), region, sync) : MirrorLog.Core(region, sync);
        return new MirrorTarget(log, [.. m.Areas.Select(Area)], handleErrors: true);
    }

    /// <summary>The segment's region size (the default when unset), lowered to a power of two no larger than the mirror.</summary>
    public static Sectors RegionSize(uint regionSize, Sectors length)
    {
        ulong region = regionSize == 0 ? LvLayout.DefaultRegionSize : regionSize;
        region = ulong.IsPow2(region) ? region : ulong.RotateLeft(1, 63 - (int)ulong.LeadingZeroCount(region));
        while (region > length.Value && region > 2)
        {
            region >>= 1;
        }
        return new Sectors(Math.Max(region, 2));
    }
}
