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
/// With <paramref name="isMissing"/> (partial activation), an area on a missing PV maps to LVM2's
/// <c>missing_stripe_filler</c> "error": a device <c>vg-lv-missing_&lt;segment&gt;_&lt;area&gt;</c> (uuid
/// <c>LVM-&lt;vgid&gt;&lt;lvid&gt;-missing_S_A</c>) whose table is one error target of the segment's length, used at offset 0
/// (<see cref="FillersFor"/> lists those devices).
/// </summary>
public sealed class LvTables(VolumeGroup vg, Func<PhysicalVolume, DeviceNumber> pvNumber, Func<PhysicalVolume, bool>? isMissing = null)
{
    private readonly Dictionary<LogicalVolume, List<MissingFiller>> _fillers = new(ReferenceEqualityComparer.Instance);

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
        _fillers[lv] = [];
        foreach (LvSegment seg in lv.Segments)
        {
            Sectors start = Size(seg.StartExtent), length = Size(seg.ExtentCount);
            lines.Add(new TargetLine(start, length, Params(lv, seg, length)));
        }
        return new Table(lines);
    }

    /// <summary>The error devices that <see cref="For"/> mapped <paramref name="lv"/>'s missing areas to (after <see cref="For"/>).</summary>
    public IReadOnlyList<MissingFiller> FillersFor(LogicalVolume lv) => _fillers.GetValueOrDefault(lv) ?? [];

    private Sectors Size(Extents extents) => vg.ExtentSize * extents.Value;

    private TargetParams Params(LogicalVolume lv, LvSegment seg, Sectors length) => seg switch
    {
        ErrorSegment => ErrorTarget.Instance,
        ZeroSegment => ZeroTarget.Instance,
        StripedSegment { StripeCount: 1 } s => Linear(Area(lv, seg, 0)),
        StripedSegment s => new StripedTarget(new Sectors(s.StripeSize), [.. s.Areas.Select((_, i) => Area(lv, seg, i))]),
        MirrorSegment { MirrorCount: 1 } => Linear(Area(lv, seg, 0)),
        MirrorSegment m => Mirror(lv, m, length),
        _ => throw new StorageException(ErrorCode.Unsupported,
            $"Cannot activate {vg.Name}/{lv.Name}: segment type {seg.TypeName} is not supported.", "activate it with LVM2"),
    };

    private static LinearTarget Linear(TargetDevice device) => new(device.Device, device.Offset);

    // The area's device, or for an area on a missing PV (partial activation) the error device standing in for it.
    private TargetDevice Area(LogicalVolume lv, LvSegment seg, int index)
    {
        SegmentArea area = seg.AreaList[index];
        if (area is PvArea { Pv: var pv } && isMissing is not null && isMissing(pv))
        {
            string layer = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"missing_{lv.Segments.IndexOf(seg)}_{index}");
            var filler = new MissingFiller(LvDmNames.Name(vg.Name, lv.Name, layer),
                DmUuid.Parse(LvDmNames.VgPrefix(vg) + lv.Id.Raw + "-" + layer),
                new Table([new TargetLine(Sectors.Zero, Size(seg.ExtentCount), ErrorTarget.Instance)]));
            _fillers[lv].Add(filler);
            return new TargetDevice(DeviceRef.OfPath("/dev/mapper/" + filler.Name.Value), Sectors.Zero);
        }
        return Area(area);
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
        return new MirrorTarget(log, [.. m.Areas.Select((_, i) => Area(lv, m, i))], handleErrors: true);
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

/// <summary>An error device standing in for a missing PV's area under partial activation.</summary>
public sealed record MissingFiller(DmName Name, DmUuid Uuid, Table Table);
