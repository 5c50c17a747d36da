using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations.Pv;

namespace SharpLvm.Operations.Vg;

/// <summary>vgextend: adds orphan PVs (pvcreating plain devices first) to a VG in one transaction.</summary>
public static class VgExtend
{
    public static IReadOnlyList<string> Run(SystemContext ctx, string vgName, IReadOnlyList<string> paths, PvCreateOptions pvOptions)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        VgName name = VgNames.ParseExisting(vgName);
        var full = PvPathArgs.Required(paths);
        // Refuse PVs of other VGs before pvcreating anything.
        ScanResult before = ctx.Scan(ctx.DevicesWith(full.Where(Path.Exists)));
        LoadedVg current = VgTransaction.Find(before, name);
        foreach (string path in full)
        {
            if (before.Vgs.FirstOrDefault(v => v.Devices.Any(d => d?.Path == path)) is { } owner)
            {
                throw new StorageException(ErrorCode.Busy, $"Physical volume '{path}' is already in volume group '{owner.Vg.Name}'");
            }
        }
        var lines = VgPvs.CreateMissing(ctx, full, pvOptions ?? new PvCreateOptions(), current.Vg.ExtentSize);
        VgTransaction.Edit(ctx, name, u =>
        {
            VolumeGroup vg = u.Vg;
            if ((vg.Status & VgStatus.Resizeable) == 0)
            {
                throw new StorageException(ErrorCode.InvalidState, $"Volume group \"{vg.Name}\" is not resizeable.");
            }
            if (vg.MaxPv > 0 && vg.PhysicalVolumes.Count + full.Count > vg.MaxPv)
            {
                throw new StorageException(ErrorCode.InvalidArgument,
                    $"No space for '{full[0]}' - volume group '{vg.Name}' holds max {vg.MaxPv} physical volume(s).");
            }
            foreach (string path in full)
            {
                ScannedPv orphan = u.Scan.Orphans.FirstOrDefault(p => p.Path == path) ?? throw VgTransaction.UsedOrMissing(u.Scan, path);
                PhysicalVolume pv = VgPvs.FromOrphan(orphan, vg.ExtentSize);
                vg.PhysicalVolumes.Add(pv);
                u.Attach(pv, path);
            }
            return true;
        }, full, lockOrphans: true);
        lines.Add($"Volume group \"{name}\" successfully extended");
        return lines;
    }
}
