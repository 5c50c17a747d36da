using System.Numerics;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>vgcreate: a new VG (seqno 1) on orphan PVs, pvcreating plain devices first as LVM2 does.</summary>
public static class VgCreate
{
    public static IReadOnlyList<string> Run(SystemContext ctx, string name, IReadOnlyList<string> paths, VgCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        VgName vgName = VgNames.ParseNew(name);
        if (paths.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please enter physical volume name(s)");
        }
        ulong extent = options.ExtentSize.Value;
        if (extent < 8 || !BitOperations.IsPow2(extent))
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                extent < 8 ? "Physical extent size cannot be smaller than 4.00 KiB." : "Physical extent size must be a power of 2.");
        }
        if (extent > uint.MaxValue)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Physical extent size cannot be larger than 16.00 TiB.");
        }
        if (options.MaxPv > 0 && paths.Count > options.MaxPv)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Max physical volumes ({options.MaxPv}) is smaller than the {paths.Count} given.");
        }
        foreach (string tag in options.Tags)
        {
            Tags.Validate(tag);
        }
        if (paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Count() != paths.Count)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "A device is given more than once.");
        }
        // Refuse what the transaction would refuse before the implicit pvcreate writes anything.
        Metadata.ScanResult before = ctx.Scan(ctx.DevicesWith(paths.Where(Path.Exists)));
        if (before.Vgs.Any(v => v.Vg.Name == vgName))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"A volume group called {vgName} already exists.");
        }
        foreach (string path in paths.Select(Path.GetFullPath))
        {
            if (before.Vgs.FirstOrDefault(v => v.Devices.Any(d => d?.Path == path)) is { } owner)
            {
                throw new StorageException(ErrorCode.Busy, $"Physical volume '{path}' is already in volume group '{owner.Vg.Name}'");
            }
            if (before.Orphans.FirstOrDefault(o => o.Path == path) is { } orphan)
            {
                _ = VgPvs.FromOrphan(orphan, options.ExtentSize);
            }
        }
        var lines = VgPvs.CreateMissing(ctx, paths, options.PvCreate, options.ExtentSize);
        VgTransaction.Create(ctx, vgName, paths, (_, pvs) =>
        {
            var vg = new VolumeGroup(vgName, LvmUuid.NewRandom())
            {
                Seqno = 1,
                ExtentSize = options.ExtentSize,
                MaxLv = options.MaxLv,
                MaxPv = options.MaxPv,
                AllocationPolicy = options.Allocation,
            };
            vg.Tags.AddRange(options.Tags.Distinct(StringComparer.Ordinal));
            foreach (var pv in pvs)
            {
                vg.PhysicalVolumes.Add(VgPvs.FromOrphan(pv, options.ExtentSize));
            }
            return vg;
        });
        lines.Add($"Volume group \"{vgName}\" successfully created");
        return lines;
    }
}
