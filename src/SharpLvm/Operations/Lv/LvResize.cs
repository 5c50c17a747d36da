using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>Which command: lvextend only grows, lvreduce only shrinks, lvresize does either.</summary>
public enum ResizeMode
{
    Extend,
    Reduce,
    Resize,
}

/// <summary>lvextend/lvreduce/lvresize arguments.</summary>
public sealed record LvResizeRequest
{
    public required SizeSpec Size { get; init; }

    public ResizeMode Mode { get; init; } = ResizeMode.Resize;

    public IReadOnlyList<PvCandidate>? Pvs { get; init; }

    public AllocationPolicy? Alloc { get; init; }
}

/// <summary>
/// lvextend/lvreduce/lvresize on the model: linear and striped LVs (extending continues, then clings to, the
/// last segment's PVs), mirrors (every leg grows or shrinks; the log stays), error and zero LVs.
/// </summary>
public static class LvResize
{
    public static void Apply(VolumeGroup vg, string lvName, LvResizeRequest request, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        LogicalVolume lv = LvLookup.FindUserLv(vg, lvName, "resize");
        IReadOnlyList<PvCandidate> pvs = PvCandidate.In(vg, request.Pvs);
        uint current = lv.ExtentCount.Value;
        uint amount = LvSizing.ToExtents(vg, request.Size, pvs, output);
        long target = request.Size.Sign switch
        {
            SizeSign.Plus => (long)current + amount,
            SizeSign.Minus => (long)current - amount,
            _ => amount,
        };
        CheckTarget(vg, lv, request.Mode, current, target);
        uint newCount = (uint)target;
        MirrorSegment? mirror = lv.Segments.Count == 1 ? lv.Segments[0] as MirrorSegment : null;
        if (mirror is not null && mirror.Areas.Any(a => a is LvArea la && la.Lv.Segments.Exists(s => s is MirrorSegment)))
        {
            throw new StorageException(ErrorCode.InvalidState, $"Logical volume {vg.Name}/{lv.Name} is being converted: resize it when the conversion has finished.");
        }
        if (newCount > current)
        {
            if (mirror is not null)
            {
                ExtendMirror(vg, lv, mirror, newCount - current, pvs, request.Alloc, output);
            }
            else
            {
                Extend(vg, lv, newCount - current, pvs, request.Alloc, output);
            }
        }
        else
        {
            if (mirror is not null)
            {
                foreach (SegmentArea area in mirror.Areas)
                {
                    LvLayout.TruncateSegments(((LvArea)area).Lv, newCount);
                }
            }
            LvLayout.TruncateSegments(lv, newCount);
        }
        vg.UpdateDerived();
        output.Print($"Size of logical volume {vg.Name}/{lv.Name} changed from {Size(vg, current)} ({current} extents) to {Size(vg, newCount)} ({newCount} extents).");
        output.Print($"Logical volume {vg.Name}/{lv.Name} successfully resized.");
    }

    private static string Size(VolumeGroup vg, uint extents) => DisplaySize.Format(new Extents(extents).ToSectors(vg.ExtentSize));

    private static void CheckTarget(VolumeGroup vg, LogicalVolume lv, ResizeMode mode, uint current, long target)
    {
        if (target == current)
        {
            throw new StorageException(ErrorCode.InvalidState, $"New size ({target} extents) matches existing size ({current} extents).");
        }
        if (mode == ResizeMode.Extend && target < current)
        {
            throw new StorageException(ErrorCode.InvalidState, $"New size given ({target} extents) not larger than existing size ({current} extents)");
        }
        if (mode == ResizeMode.Reduce && target > current)
        {
            throw new StorageException(ErrorCode.InvalidState, $"New size given ({target} extents) not less than existing size ({current} extents)");
        }
        if (target <= 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Cannot reduce {vg.Name}/{lv.Name} to zero or fewer extents.");
        }
        if (target > uint.MaxValue)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"New size of {vg.Name}/{lv.Name} is too large.");
        }
    }

    private static void Extend(VolumeGroup vg, LogicalVolume lv, uint delta, IReadOnlyList<PvCandidate> pvs, AllocationPolicy? alloc, LvOutput output)
    {
        LvSegment last = lv.Segments[^1];
        if (last is ErrorSegment or ZeroSegment)
        {
            last.ExtentCount += new Extents(delta);
            return;
        }
        if (last is not StripedSegment striped || LvLayout.Tails(lv) is not { } tails)
        {
            throw new StorageException(ErrorCode.Unsupported, $"Cannot extend {vg.Name}/{lv.Name}: its last segment is not on physical volumes.");
        }
        int stripes = striped.StripeCount;
        if (stripes > 1)
        {
            output.Warn($"Using stripesize of last segment {DisplaySize.Format(new Sectors(striped.StripeSize))}");
            delta = LvSizing.RoundToStripes(vg, delta, stripes, output);
        }
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = lv.Name.Value,
            AreaCount = stripes,
            AreaLength = delta / (uint)stripes,
            Policy = LvLayout.EffectivePolicy(vg, lv, alloc),
            Candidates = pvs,
            Previous = tails,
        });
        LvLayout.AppendStriped(lv, result, 0, stripes, striped.StripeSize);
    }

    private static void ExtendMirror(VolumeGroup vg, LogicalVolume lv, MirrorSegment mirror, uint delta, IReadOnlyList<PvCandidate> pvs,
        AllocationPolicy? alloc, LvOutput output)
    {
        var legs = mirror.Areas.Cast<LvArea>().Select(a => a.Lv).ToList();
        var tails = new List<PvPosition>();
        foreach (LogicalVolume leg in legs)
        {
            IReadOnlyList<PvPosition> t = LvLayout.Tails(leg) is { Count: 1 } one ? one
                : throw new StorageException(ErrorCode.Unsupported, $"Cannot extend {vg.Name}/{lv.Name}: its image {leg.Name} is not linear.");
            tails.Add(t[0]);
        }
        output.Print($"Extending {legs.Count} mirror images.");
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = lv.Name.Value,
            AreaCount = legs.Count,
            AreaLength = delta,
            Policy = LvLayout.EffectivePolicy(vg, lv, alloc),
            Candidates = pvs,
            Previous = tails,
            Avoid = LvLayout.PvsOf(lv),
        });
        for (int i = 0; i < legs.Count; i++)
        {
            LvLayout.AppendStriped(legs[i], result, i, 1, 0);
        }
        mirror.ExtentCount += new Extents(delta);
    }
}
