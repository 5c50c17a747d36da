using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>lvconvert's mirror arguments: <c>-m N</c>, <c>-m +N</c>, <c>-m -N</c>, <c>--mirrorlog</c>, <c>-R</c>, PVs.</summary>
public sealed record LvConvertMirrorRequest
{
    /// <summary>The <c>-m</c> value: absolute count of extra legs, or a change with <see cref="Sign"/>.</summary>
    public required int Mirrors { get; init; }

    public SizeSign Sign { get; init; } = SizeSign.None;

    /// <summary>True when <c>--type mirror</c> was given (LVM2 2.03 makes raid1 otherwise).</summary>
    public bool TypeMirror { get; init; }

    /// <summary>null = keep the current log (disk for a new mirror); true = core; false = disk.</summary>
    public bool? CoreLog { get; init; }

    public uint? RegionSize { get; init; }

    public IReadOnlyList<PvCandidate>? Pvs { get; init; }

    public AllocationPolicy? Alloc { get; init; }
}

/// <summary>
/// The metadata side of lvconvert for mirrors on inactive LVs, as LVM2 2.03 writes it: linear → mirror (the LV's
/// extents move to <c>lv_mimage_0</c>, new legs and the log are allocated on other PVs); adding legs to a mirror with
/// a disk log inserts the <c>lv_mimagetmp_N</c> layer (the old mirror with its log) under a new core-log mirror of
/// the layer and the new legs, which LVM2 treats as a pending conversion; with a core log the legs are added in
/// place; removing legs drops the last ones, and <c>-m0</c> keeps the first leg's extents as the linear LV.
/// </summary>
public static class LvConvertMirror
{
    public static void Apply(VolumeGroup vg, string lvName, LvConvertMirrorRequest request, LvFactory factory, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(output);
        LogicalVolume lv = LvLookup.FindUserLv(vg, lvName, "convert");
        MirrorSegment? mirror = lv.Segments.Count == 1 ? lv.Segments[0] as MirrorSegment : null;
        int current = mirror?.Areas.Count ?? 1;
        int target = request.Sign switch
        {
            SizeSign.Plus => current + request.Mirrors,
            SizeSign.Minus => current - request.Mirrors,
            _ => request.Mirrors + 1,
        };
        if (target < 1)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Logical volume {vg.Name}/{lv.Name} has only {current} images: cannot remove {request.Mirrors}.");
        }
        if (mirror is not null && IsConverting(mirror))
        {
            throw new StorageException(ErrorCode.InvalidState, $"Logical volume {vg.Name}/{lv.Name} is already being converted.", "wait until the conversion has finished");
        }
        if (mirror is null && target > 1 && !request.TypeMirror)
        {
            throw new StorageException(ErrorCode.Unsupported, $"Converting {vg.Name}/{lv.Name} to raid1 (LVM2's default for -m) is not supported yet.", "use --type mirror");
        }
        IReadOnlyList<PvCandidate> pvs = request.Pvs ?? PvCandidate.AllOf(vg);
        if (target == current)
        {
            if (mirror is not null && request.CoreLog is { } core && core != (mirror.MirrorLog is null))
            {
                ChangeLog(vg, lv, mirror, core, pvs, request.Alloc, factory);
                output.Print($"Logical volume {vg.Name}/{lv.Name} converted.");
                vg.UpdateDerived();
                return;
            }
            throw new StorageException(ErrorCode.InvalidArgument, $"Logical volume {vg.Name}/{lv.Name} already has {current} images.");
        }
        if (mirror is null)
        {
            ToMirror(vg, lv, target - 1, request, pvs, factory);
            output.Print($"Logical volume {vg.Name}/{lv.Name} being converted.");
            output.Print("Conversion starts after activation.");
        }
        else if (target > current)
        {
            AddLegs(vg, lv, mirror, target - current, pvs, request.Alloc, factory);
            output.Print($"Logical volume {vg.Name}/{lv.Name} being converted.");
            output.Print("Conversion starts after activation.");
        }
        else
        {
            RemoveLegs(vg, lv, mirror, target);
            output.Print($"Logical volume {vg.Name}/{lv.Name} converted.");
        }
        vg.UpdateDerived();
    }

    /// <summary>LVM2's "converting" state: the first leg is a temporary mirror layer.</summary>
    public static bool IsConverting(MirrorSegment mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        return mirror.Areas.Count > 0 && mirror.Areas[0] is LvArea la && la.Lv.Segments.Exists(s => s is MirrorSegment);
    }

    private static void ToMirror(VolumeGroup vg, LogicalVolume lv, int newLegs, LvConvertMirrorRequest request, IReadOnlyList<PvCandidate> pvs, LvFactory factory)
    {
        if (lv.Segments.Exists(s => s is not StripedSegment { StripeCount: 1 }))
        {
            throw new StorageException(ErrorCode.Unsupported, $"Only linear logical volumes can be converted to mirrors here; {vg.Name}/{lv.Name} is not linear.");
        }
        bool disk = request.CoreLog != true;
        uint extents = lv.ExtentCount.Value;
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = lv.Name.Value,
            AreaCount = newLegs,
            AreaLength = extents,
            LogCount = disk ? 1 : 0,
            Policy = LvLayout.EffectivePolicy(vg, lv, request.Alloc),
            Candidates = pvs,
            Avoid = LvLayout.PvsOf(lv),
        });
        var seg = new MirrorSegment(Extents.Zero, new Extents(extents)) { RegionSize = request.RegionSize ?? LvLayout.DefaultRegionSize };
        if (disk)
        {
            LogicalVolume log = factory.Create(vg, LvName.ParseInternal(lv.Name.Value + "_mlog"), visible: false);
            LvLayout.AppendLog(log, result);
            seg.MirrorLog = log;
        }
        LogicalVolume first = factory.Create(vg, LvName.ParseInternal(LvFactory.ImageName(lv.Name.Value, 0)), visible: false);
        first.Segments.AddRange(lv.Segments);
        lv.Segments.Clear();
        seg.Areas.Add(new LvArea(first, Extents.Zero));
        for (int i = 0; i < newLegs; i++)
        {
            int index = LvFactory.FreeImageIndex(vg, lv.Name.Value);
            LogicalVolume image = factory.Create(vg, LvName.ParseInternal(LvFactory.ImageName(lv.Name.Value, index)), visible: false);
            LvLayout.AppendStriped(image, result, i, 1, 0);
            seg.Areas.Add(new LvArea(image, Extents.Zero));
        }
        lv.Segments.Add(seg);
    }

    private static void AddLegs(VolumeGroup vg, LogicalVolume lv, MirrorSegment mirror, int newLegs, IReadOnlyList<PvCandidate> pvs,
        AllocationPolicy? alloc, LvFactory factory)
    {
        uint extents = mirror.ExtentCount.Value;
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = lv.Name.Value,
            AreaCount = newLegs,
            AreaLength = extents,
            Policy = LvLayout.EffectivePolicy(vg, lv, alloc),
            Candidates = pvs,
            Avoid = LvLayout.PvsOf(lv),
        });
        MirrorSegment top = mirror;
        if (mirror.MirrorLog is not null)
        {
            // LVM2's _insert_lvconvert_layer: the old mirror (with its log) moves down into lv_mimagetmp_N.
            int index = LvFactory.FreeImageIndex(vg, lv.Name.Value);
            LogicalVolume layer = factory.Create(vg, LvName.ParseInternal($"{lv.Name.Value}_mimagetmp_{index}"), visible: false);
            layer.Segments.Add(mirror);
            lv.Segments.Clear();
            top = new MirrorSegment(Extents.Zero, new Extents(extents)) { RegionSize = mirror.RegionSize };
            top.Areas.Add(new LvArea(layer, Extents.Zero));
            lv.Segments.Add(top);
        }
        for (int i = 0; i < newLegs; i++)
        {
            int index = LvFactory.FreeImageIndex(vg, lv.Name.Value);
            LogicalVolume image = factory.Create(vg, LvName.ParseInternal(LvFactory.ImageName(lv.Name.Value, index)), visible: false);
            LvLayout.AppendStriped(image, result, i, 1, 0);
            top.Areas.Add(new LvArea(image, Extents.Zero));
        }
    }

    private static void RemoveLegs(VolumeGroup vg, LogicalVolume lv, MirrorSegment mirror, int target)
    {
        var removed = mirror.Areas.Skip(target).Cast<LvArea>().Select(a => a.Lv).ToList();
        mirror.Areas.RemoveRange(target, mirror.Areas.Count - target);
        foreach (LogicalVolume leg in removed)
        {
            vg.LogicalVolumes.Remove(leg);
        }
        if (target > 1)
        {
            return;
        }
        // -m0: the LV takes over the first leg's extents; the leg and the log go.
        LogicalVolume primary = ((LvArea)mirror.Areas[0]).Lv;
        lv.Segments.Clear();
        lv.Segments.AddRange(primary.Segments);
        vg.LogicalVolumes.Remove(primary);
        if (mirror.MirrorLog is { } log)
        {
            vg.LogicalVolumes.Remove(log);
        }
    }

    private static void ChangeLog(VolumeGroup vg, LogicalVolume lv, MirrorSegment mirror, bool core, IReadOnlyList<PvCandidate> pvs,
        AllocationPolicy? alloc, LvFactory factory)
    {
        if (core)
        {
            vg.LogicalVolumes.Remove(mirror.MirrorLog!);
            mirror.MirrorLog = null;
            return;
        }
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = lv.Name.Value + "_mlog",
            AreaCount = 1,
            AreaLength = 1,
            Policy = LvLayout.EffectivePolicy(vg, lv, alloc),
            Candidates = pvs,
            Avoid = LvLayout.PvsOf(lv),
        });
        LogicalVolume log = factory.Create(vg, LvName.ParseInternal(lv.Name.Value + "_mlog"), visible: false);
        LvLayout.AppendStriped(log, result, 0, 1, 0);
        mirror.MirrorLog = log;
        if (mirror.RegionSize == 0)
        {
            mirror.RegionSize = LvLayout.DefaultRegionSize;
        }
    }
}
