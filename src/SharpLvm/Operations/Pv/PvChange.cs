using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Pv;

/// <summary>
/// pvchange: allocatable (-x), tags and --metadataignore on PVs of a VG, each VG changed in one transaction.
/// Orphan PVs have no metadata to carry these, so LVM2 refuses them.
/// </summary>
public static class PvChange
{
    public static IReadOnlyList<string> Run(SystemContext ctx, IReadOnlyList<string> paths, PvChangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChangesNothing)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please give one or more of -x, -uuid, --addtag, --deltag, --metadataignore.");
        }
        if (paths.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please give a physical volume path or use -a for all.");
        }
        foreach (string tag in options.AddTags.Concat(options.DelTags))
        {
            Tags.Validate(tag);
        }
        var full = paths.Select(Path.GetFullPath).ToList();
        ScanResult scan = ctx.Scan(ctx.DevicesWith(full.Where(Path.Exists)));
        var lines = new List<string>();
        foreach (string path in full)
        {
            LoadedVg? owner = scan.Vgs.FirstOrDefault(v => v.Devices.Any(d => d?.Path == path));
            if (owner is null)
            {
                throw scan.Orphans.Any(p => p.Path == path)
                    ? new StorageException(ErrorCode.Unsupported, OrphanText(path, options), $"Physical volume {path} not changed")
                    : new StorageException(ErrorCode.NotFound, $"Failed to find physical volume \"{path}\".");
            }
            VgTransaction.Edit(ctx, owner.Vg.Name, u => Change(u, path, options), [path]);
            lines.Add($"Physical volume \"{path}\" changed");
        }
        lines.Add($"{full.Count} physical volume{(full.Count == 1 ? "" : "s")} changed / 0 physical volumes not changed");
        return lines;
    }

    // LVM2 names what an orphan cannot carry.
    private static string OrphanText(string path, PvChangeOptions options) =>
        options.Allocatable is not null ? $"Allocatability not supported by orphan lvm2 format PV {path}"
        : options.AddTags.Count + options.DelTags.Count > 0 ? $"Can't change tag on Physical Volume {path} not in volume group"
        : $"Unable to change orphan PV {path}: it belongs to no volume group.";

    private static bool Change(VgUpdate u, string path, PvChangeOptions options)
    {
        PhysicalVolume pv = u.Vg.PhysicalVolumes.Find(p => u.PathOf(p) == path)
            ?? throw new StorageException(ErrorCode.NotFound, $"Physical volume \"{path}\" not found in volume group \"{u.Vg.Name}\".");
        if (options.Allocatable is { } allocatable)
        {
            pv.Status = allocatable ? pv.Status | PvStatus.Allocatable : pv.Status & ~PvStatus.Allocatable;
        }
        Tags.Apply(pv.Tags, options.AddTags, options.DelTags);
        if (options.MetadataIgnore is { } ignore)
        {
            SetIgnored(u, path, ignore);
        }
        return true;
    }

    /// <summary>Sets or clears RAW_LOCN_IGNORED on the PV's areas; at least one area of the VG must stay in use.</summary>
    private static void SetIgnored(VgUpdate u, string path, bool ignore)
    {
        int usedElsewhere = u.Loaded.Devices.Where(d => d is not null && d.Path != path).Sum(d => d!.Mdas.Count(m => !m.Ignored));
        if (ignore && usedElsewhere == 0)
        {
            throw new StorageException(ErrorCode.InvalidState,
                $"Cannot ignore the metadata areas of {path}: volume group \"{u.Vg.Name}\" would have no metadata area in use.");
        }
        // The headers change with the commit (written just before the metadata, put back if the commit fails).
        using IBlockDevice device = u.Open(path, true);
        PhysicalVolumeDisk disk = PhysicalVolumeDisk.Open(device);
        foreach (MetadataArea area in disk.MetadataAreas)
        {
            MdaHeader header = area.ReadHeader();
            RawLocation slot0 = ignore
                ? new RawLocation(0, 0, 0, RawLocation.IgnoredFlag)
                : header.Committed.IsIgnored ? default : header.Committed;
            u.DeviceWrites.Add(path, area.Location.Offset, (header with { Committed = slot0, Precommitted = default }).Encode());
        }
    }
}
