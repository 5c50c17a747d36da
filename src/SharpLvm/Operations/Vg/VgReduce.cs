using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>vgreduce: removes unused PVs from a VG (they become orphans); refuses a PV in use or the last PV.</summary>
public static class VgReduce
{
    public static IReadOnlyList<string> Run(SystemContext ctx, string vgName, IReadOnlyList<string> paths, bool all)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        VgName name = VgNames.ParseExisting(vgName);
        if (paths.Count == 0 && !all)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please give volume group name and physical volume paths or use -a.");
        }
        if (paths.Count > 0 && all)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Option -a and physical volume paths are mutually exclusive.");
        }
        var full = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        var lines = new List<string>();
        VgTransaction.Edit(ctx, name, u =>
        {
            VolumeGroup vg = u.Vg;
            List<PhysicalVolume> targets = all
                ? [.. vg.PhysicalVolumes.Where(pv => !InUse(vg, pv))]
                : [.. full.Select(path => vg.PhysicalVolumes.Find(pv => u.PathOf(pv) == path)
                    ?? throw new StorageException(ErrorCode.NotFound, $"Physical Volume \"{path}\" not found in Volume Group \"{vg.Name}\"."))];
            if (all && targets.Count == vg.PhysicalVolumes.Count)
            {
                targets.RemoveAt(0); // -a keeps the first unused PV, as LVM2 keeps one.
            }
            if (targets.Count == 0)
            {
                throw new StorageException(ErrorCode.InvalidState, $"No unused physical volumes to remove from volume group \"{vg.Name}\".");
            }
            foreach (PhysicalVolume pv in targets)
            {
                string path = u.PathOf(pv)!;
                if (InUse(vg, pv))
                {
                    throw new StorageException(ErrorCode.Busy, $"Physical volume \"{path}\" still in use");
                }
                if (vg.PhysicalVolumes.Count == 1)
                {
                    throw new StorageException(ErrorCode.InvalidState, $"Can't remove final physical volume \"{path}\" from volume group \"{vg.Name}\"");
                }
                vg.PhysicalVolumes.Remove(pv);
                u.Release(pv);
                lines.Add($"Removed \"{path}\" from volume group \"{vg.Name}\"");
            }
            return true;
        }, full, lockOrphans: true);
        return lines;
    }

    /// <summary>Whether any segment of any LV has an area on the PV.</summary>
    public static bool InUse(VolumeGroup vg, PhysicalVolume pv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        return vg.LogicalVolumes.Exists(lv => lv.Segments.Exists(s => s.AreaList.Any(a => a is PvArea p && p.Pv == pv)));
    }
}
