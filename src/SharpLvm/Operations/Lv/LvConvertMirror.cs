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

    /// <summary><c>-y</c>: answer yes to LVM2's prompt (a disk log dropped from an inactive mirror needs a full resync).</summary>
    public bool Yes { get; init; }
}

/// <summary>
/// The metadata side of lvconvert for mirrors on inactive LVs, as LVM2 2.03 writes it: linear → mirror (the LV's
/// extents move to <c>lv_mimage_0</c>, new legs and the log are allocated on other PVs); adding legs to a mirror with
/// a disk log inserts the <c>lv_mimagetmp_N</c> layer (the old mirror with its log) under a new core-log mirror of
/// the layer and the new legs, which LVM2 treats as a pending conversion; with a core log the legs are added in
/// place; removing legs drops the last ones, and <c>-m0</c> keeps the first leg's extents as the linear LV.
/// LVM2 commits several times in one command (a new disk log is committed visible before it is attached; removals
/// in the steps of <see cref="MirrorImageRemoval"/>); the <c>commit</c> callback writes those intermediate versions.
/// </summary>
public static class LvConvertMirror
{
    /// <summary>Converts; returns false when there is nothing to do (LVM2 exits 0 without a commit).</summary>
    public static bool Apply(VolumeGroup vg, string lvName, LvConvertMirrorRequest request, LvFactory factory, LvOutput output, Action? commit = null)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(output);
        LogicalVolume lv = LvLookup.FindUserLv(vg, lvName, "convert");
        MirrorSegment? mirror = lv.Segments.Count == 1 ? lv.Segments[0] as MirrorSegment : null;
        int current = mirror is null ? 1 : MirrorImageRemoval.ImageCount(mirror);
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
        if (mirror is not null && IsConverting(mirror) && (target >= current || request.CoreLog is not null))
        {
            throw new StorageException(ErrorCode.InvalidState, $"{vg.Name}/{lv.Name} is already being converted.  Unable to start another conversion.");
        }
        if (mirror is null && target > 1 && !request.TypeMirror)
        {
            throw new StorageException(ErrorCode.Unsupported, $"Converting {vg.Name}/{lv.Name} to raid1 (LVM2's default for -m) is not supported yet.", "use --type mirror");
        }
        IReadOnlyList<PvCandidate> pvs = PvCandidate.In(vg, request.Pvs);
        if (target == current)
        {
            if (mirror is null)
            {
                // LVM2 takes -m0 on a linear LV for a raid change, which needs it active.
                throw new StorageException(ErrorCode.InvalidState, $"{vg.Name}/{lv.Name} must be active to perform this operation.");
            }
            if (request.CoreLog is not { } core || core == (mirror.MirrorLog is null))
            {
                return false;
            }
            if (core && !request.Yes)
            {
                throw new StorageException(ErrorCode.InvalidState, $"Logical volume {vg.Name}/{lv.Name} NOT converted.",
                    "a full resync is required to convert an inactive mirror to a core log: add -y");
            }
            ChangeLog(vg, lv, mirror, core, pvs, request.Alloc, factory, commit);
            output.Print($"Logical volume {vg.Name}/{lv.Name} converted.");
            vg.UpdateDerived();
            return true;
        }
        if (mirror is null)
        {
            ToMirror(vg, lv, target - 1, request, pvs, factory, commit);
            output.Print($"Logical volume {vg.Name}/{lv.Name} being converted.");
            output.Print("Conversion starts after activation.");
        }
        else if (target > current)
        {
            AddLegs(vg, lv, mirror, target - current, pvs, request.Alloc, factory, commit);
            output.Print($"Logical volume {vg.Name}/{lv.Name} being converted.");
            output.Print("Conversion starts after activation.");
        }
        else
        {
            MirrorImageRemoval.Remove(vg, lv, current - target, target == 1 || request.CoreLog == true, request.Pvs is null ? null : PvCandidate.In(vg, request.Pvs), commit);
            output.Print($"Logical volume {vg.Name}/{lv.Name} converted.");
        }
        vg.UpdateDerived();
        return true;
    }

    /// <summary>LVM2's "converting" state: the first leg is a temporary mirror layer.</summary>
    public static bool IsConverting(MirrorSegment mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        return mirror.Areas.Count > 0 && mirror.Areas[0] is LvArea la && la.Lv.Segments.Exists(s => s is MirrorSegment);
    }

    private static void ToMirror(VolumeGroup vg, LogicalVolume lv, int newLegs, LvConvertMirrorRequest request, IReadOnlyList<PvCandidate> pvs,
        LvFactory factory, Action? commit)
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
            seg.MirrorLog = CreateLog(vg, lv, result, factory, commit);
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
        AllocationPolicy? alloc, LvFactory factory, Action? commit)
    {
        uint extents = mirror.ExtentCount.Value;
        HashSet<PhysicalVolume> avoid = LvLayout.PvsOf(lv);
        if (mirror.MirrorLog is { } oldLog)
        {
            // Under the _mimagetmp_N layer the log is part of the LV: new legs keep off its PVs too.
            avoid.UnionWith(LvLayout.PvsOf(oldLog));
        }
        AllocationResult result;
        try
        {
            result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
            {
                LvName = lv.Name.Value,
                AreaCount = newLegs,
                AreaLength = extents,
                Policy = LvLayout.EffectivePolicy(vg, lv, alloc),
                Candidates = pvs,
                Avoid = avoid,
            });
        }
        catch (StorageException) when (mirror.MirrorLog is not null && commit is not null)
        {
            // LVM2 has inserted the layer before allocating; its roll-back removes the layer and commits the VG as it was.
            commit();
            throw;
        }
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

    private static void ChangeLog(VolumeGroup vg, LogicalVolume lv, MirrorSegment mirror, bool core, IReadOnlyList<PvCandidate> pvs,
        AllocationPolicy? alloc, LvFactory factory, Action? commit)
    {
        if (core)
        {
            MirrorImageRemoval.Remove(vg, lv, 0, removeLog: true, pvs: null, commit);
            return;
        }
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = lv.Name.Value,
            AreaCount = 0,
            AreaLength = 1,
            LogCount = 1,
            Policy = LvLayout.EffectivePolicy(vg, lv, alloc),
            Candidates = pvs,
            Avoid = LvLayout.PvsOf(lv),
        });
        mirror.MirrorLog = CreateLog(vg, lv, result, factory, commit);
        if (mirror.RegionSize == 0)
        {
            mirror.RegionSize = LvLayout.DefaultRegionSize;
        }
    }

    // LVM2's _init_mirror_log: the new log LV is committed visible and unattached, then hidden and attached.
    private static LogicalVolume CreateLog(VolumeGroup vg, LogicalVolume lv, AllocationResult result, LvFactory factory, Action? commit)
    {
        LogicalVolume log = factory.Create(vg, LvName.ParseInternal(lv.Name.Value + "_mlog"), visible: true);
        LvLayout.AppendLog(log, result);
        commit?.Invoke();
        log.Status &= ~LvStatus.Visible;
        return log;
    }
}
