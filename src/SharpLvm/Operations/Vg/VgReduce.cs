using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
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
        var full = PvPathArgs.Full(paths);
        if (all)
        {
            LoadedVg current = VgTransaction.Read(ctx, name);
            full = [.. current.Vg.PhysicalVolumes.Where(pv => !InUse(current.Vg, pv)).Select(current.PvName)];
            if (full.Count == current.Vg.PhysicalVolumes.Count)
            {
                full.RemoveAt(0); // -a keeps one PV, as LVM2 does.
            }
            if (full.Count == 0)
            {
                throw new StorageException(ErrorCode.InvalidState, $"No unused physical volumes to remove from volume group \"{name}\".");
            }
        }
        // LVM2 removes the PVs one at a time, each in its own metadata update: an error on one
        // leaves the removals before it in place and fails the command at the end.
        var lines = new List<string>();
        StorageException? first = null;
        foreach (string path in full)
        {
            try
            {
                VgTransaction.Edit(ctx, name, u => RemoveOne(u, path), [path], lockOrphans: true);
                lines.Add($"Removed \"{path}\" from volume group \"{name}\"");
            }
            catch (StorageException e) when (e.Code != ErrorCode.Internal)
            {
                first ??= e;
            }
        }
        if (first is not null)
        {
            throw first;
        }
        return lines;
    }

    private static bool RemoveOne(VgUpdate u, string path)
    {
        VolumeGroup vg = u.Vg;
        PhysicalVolume pv = vg.PhysicalVolumes.Find(p => u.PathOf(p) == path)
            ?? throw new StorageException(ErrorCode.NotFound, $"Physical Volume \"{path}\" not found in Volume Group \"{vg.Name}\".");
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
        return true;
    }

    /// <summary>Whether any segment of any LV has an area on the PV.</summary>
    public static bool InUse(VolumeGroup vg, PhysicalVolume pv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        return vg.LogicalVolumes.Exists(lv => lv.Segments.Exists(s => s.AreaList.Any(a => a is PvArea p && p.Pv == pv)));
    }
}
