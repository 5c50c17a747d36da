using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>
/// lvcreate on the model: linear, striped, mirror (legs <c>&lt;lv&gt;_mimage_N</c>, disk log <c>&lt;lv&gt;_mlog</c>),
/// error and zero LVs. Everything is allocated before the VG is touched, so a failure leaves it as it was.
/// Activation is not wired yet: the LV is created inactive, with LVM2's warnings for <c>activation = 0</c>.
/// </summary>
public static class LvCreate
{
    public static LogicalVolume Apply(VolumeGroup vg, LvCreateRequest request, LvFactory factory, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(output);
        LvName name = request.Name ?? LvFactory.DefaultName(vg);
        if (vg.FindLv(name.Value) is not null)
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"Logical Volume \"{name}\" already exists in volume group \"{vg.Name}\"");
        }
        LvTags.Validate(request.Tags);
        LvCreateType type = request.EffectiveType;
        IReadOnlyList<PvCandidate> pvs = request.Pvs ?? PvCandidate.AllOf(vg);
        if (request.Size.Sign != SizeSign.None)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Negative or relative sizes are not valid for lvcreate.");
        }
        uint extents = LvSizing.ToExtents(vg, request.Size, pvs, output);
        if (extents == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Unable to create new logical volume with no extents.");
        }
        LogicalVolume lv = type switch
        {
            LvCreateType.Error or LvCreateType.Zero => CreateVirtual(vg, name, type, extents, factory),
            LvCreateType.Mirror => CreateMirror(vg, name, request, pvs, extents, factory, output),
            _ => CreateStriped(vg, name, request, pvs, extents, factory, output),
        };
        lv.Tags.AddRange(request.Tags.Where(t => !lv.Tags.Contains(t)));
        if (request.Alloc is { } alloc)
        {
            lv.AllocationPolicy = alloc;
        }
        vg.UpdateDerived();
        if (type is not (LvCreateType.Error or LvCreateType.Zero))
        {
            output.Warn($"WARNING: Logical volume {vg.Name}/{name} not zeroed.");
        }
        output.Print($"Logical volume \"{name}\" created.");
        return lv;
    }

    private static LogicalVolume CreateVirtual(VolumeGroup vg, LvName name, LvCreateType type, uint extents, LvFactory factory)
    {
        LogicalVolume lv = factory.Create(vg, name, visible: true);
        lv.Segments.Add(type == LvCreateType.Error
            ? new ErrorSegment(Extents.Zero, new Extents(extents))
            : new ZeroSegment(Extents.Zero, new Extents(extents)));
        return lv;
    }

    private static LogicalVolume CreateStriped(VolumeGroup vg, LvName name, LvCreateRequest request, IReadOnlyList<PvCandidate> pvs,
        uint extents, LvFactory factory, LvOutput output)
    {
        int stripes = request.Stripes;
        if (stripes < 1)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Invalid number of stripes: {stripes}");
        }
        uint stripeSize = request.StripeSize ?? LvLayout.DefaultStripeSize;
        if (stripes > 1)
        {
            if (request.StripeSize is null)
            {
                output.Warn($"Using default stripesize {DisplaySize.Format(new Sectors(stripeSize))}.");
            }
            if (pvs.Count < stripes)
            {
                throw new StorageException(ErrorCode.NoSpace, $"Number of stripes ({stripes}) must not exceed number of physical volumes ({pvs.Count})");
            }
            extents = LvSizing.RoundToStripes(vg, extents, stripes, output);
        }
        CheckVgFree(vg, request, extents);
        var request2 = new AllocationRequest
        {
            LvName = name.Value,
            AreaCount = stripes,
            AreaLength = extents / (uint)stripes,
            Policy = LvLayout.EffectivePolicy(vg, null, request.Alloc),
            Candidates = pvs,
        };
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), request2);
        LogicalVolume lv = factory.Create(vg, name, visible: true);
        LvLayout.AppendStriped(lv, result, 0, stripes, stripeSize);
        return lv;
    }

    private static LogicalVolume CreateMirror(VolumeGroup vg, LvName name, LvCreateRequest request, IReadOnlyList<PvCandidate> pvs,
        uint extents, LvFactory factory, LvOutput output)
    {
        if (request.Stripes > 1)
        {
            throw new StorageException(ErrorCode.Unsupported, "Striped mirror legs are not supported yet.");
        }
        int legs = request.Mirrors + 1;
        if (legs < 2)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "A mirror needs -m 1 or more.");
        }
        CheckVgFree(vg, request, (extents * (uint)legs) + (request.CoreLog ? 0u : 1u));
        AllocationResult result = Allocator.Allocate(new FreeSpaceMap(vg), new AllocationRequest
        {
            LvName = name.Value,
            AreaCount = legs,
            AreaLength = extents,
            LogCount = request.CoreLog ? 0 : 1,
            Policy = LvLayout.EffectivePolicy(vg, null, request.Alloc),
            Candidates = pvs,
        });
        LogicalVolume lv = factory.Create(vg, name, visible: true);
        var seg = new MirrorSegment(Extents.Zero, new Extents(extents)) { RegionSize = request.RegionSize ?? LvLayout.DefaultRegionSize };
        for (int i = 0; i < legs; i++)
        {
            LogicalVolume image = factory.Create(vg, LvName.ParseInternal(LvFactory.ImageName(name.Value, i)), visible: false);
            LvLayout.AppendStriped(image, result, i, 1, 0);
            seg.Areas.Add(new LvArea(image, Extents.Zero));
        }
        if (!request.CoreLog)
        {
            LogicalVolume log = factory.Create(vg, LvName.ParseInternal(name.Value + "_mlog"), visible: false);
            LvLayout.AppendLog(log, result);
            seg.MirrorLog = log;
        }
        lv.Segments.Add(seg);
        return lv;
    }

    private static void CheckVgFree(VolumeGroup vg, LvCreateRequest request, uint needed)
    {
        if (request.Pvs is not null)
        {
            return;
        }
        (_, uint free) = LvLayout.Counts(vg);
        if (free < needed)
        {
            throw new StorageException(ErrorCode.NoSpace, $"Volume group \"{vg.Name}\" has insufficient free space ({free} extents): {needed} required.");
        }
    }
}
