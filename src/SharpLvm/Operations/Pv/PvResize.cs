using System.Globalization;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Pv;

/// <summary>
/// pvresize: records a new PV size (the device's size, or --setphysicalvolumesize) in the label and, for a PV
/// of a VG, in the metadata with the new extent count. Shrinking below an allocated extent is refused.
/// </summary>
public static class PvResize
{
    public static IReadOnlyList<string> Run(SystemContext ctx, IReadOnlyList<string> paths, ulong? newSizeBytes, bool yes = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please supply physical volume(s).");
        }
        var full = paths.Select(Path.GetFullPath).ToList();
        ScanResult scan = ctx.Scan(ctx.DevicesWith(full.Where(Path.Exists)));
        var lines = new List<string>();
        foreach (string path in full)
        {
            LoadedVg? owner = scan.Vgs.FirstOrDefault(v => v.Devices.Any(d => d?.Path == path));
            if (owner is null && !scan.Orphans.Any(p => p.Path == path))
            {
                throw new StorageException(ErrorCode.NotFound, $"Failed to find physical volume \"{path}\".");
            }
            ulong real = (scan.Orphans.FirstOrDefault(p => p.Path == path) ?? owner!.Devices.First(d => d?.Path == path))!.DevSize.Bytes;
            if (newSizeBytes is { } wanted && wanted < real && !yes)
            {
                // LVM2 asks "Requested size … is less than real size …. Proceed?  [y/n]" and a command without -y answers no.
                throw new StorageException(ErrorCode.InvalidState, $"{path}: Requested size is less than real size: Physical Volume {path} not resized.",
                    "add -y to confirm");
            }
            if (owner is null)
            {
                using var locks = Locking.LockSet.Exclusive(ctx.SystemDir, [], orphans: true);
                WriteLabelSize(ctx.OpenDevice, path, newSizeBytes, null);
            }
            else
            {
                VgTransaction.Edit(ctx, owner.Vg.Name, u => Resize(u, path, newSizeBytes), [path]);
            }
            lines.Add($"Physical volume \"{path}\" changed");
        }
        lines.Add($"{full.Count} physical volume(s) resized or updated / 0 physical volume(s) not resized");
        return lines;
    }

    /// <summary>Writes the new size into the pv_header now (an orphan), or with the VG's commit when <paramref name="update"/> is given.</summary>
    private static ulong WriteLabelSize(Config.DeviceOpener open, string path, ulong? newSizeBytes, VgUpdate? update)
    {
        using IBlockDevice device = open(path, update is not null);
        PhysicalVolumeDisk disk = PhysicalVolumeDisk.Open(device);
        ulong size = newSizeBytes ?? device.Size.Bytes;
        size -= size % Sectors.SectorSize;
        if (size > device.Size.Bytes)
        {
            throw new StorageException(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
                $"{path}: Requested size {size >> 9} sectors exceeds real size {device.Size.Value} sectors."));
        }
        if (disk.MetadataAreas.Count > 1)
        {
            throw new StorageException(ErrorCode.Unsupported, $"{path}: pvresize of a PV with a metadata area at its end is not supported.");
        }
        if (size <= disk.Label.DataStart)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"{path}: size is smaller than the start of the data area.");
        }
        PvLabel resized = disk.Label with { DeviceSize = size };
        if (update is null)
        {
            disk.WriteLabel(resized);
        }
        else
        {
            update.DeviceWrites.Add(path, resized.ByteOffset, resized.Encode());
        }
        return size;
    }

    private static bool Resize(VgUpdate u, string path, ulong? newSizeBytes)
    {
        VolumeGroup vg = u.Vg;
        PhysicalVolume pv = vg.PhysicalVolumes.Find(p => u.PathOf(p) == path)!;
        ulong size;
        using (FileBlockDevice device = FileBlockDevice.Open(path, readOnly: true))
        {
            size = newSizeBytes ?? device.Size.Bytes;
            size -= size % Sectors.SectorSize;
        }
        ulong sectors = size >> Sectors.SectorShift;
        uint peCount = sectors <= pv.PeStart.Value ? 0 : (uint)((sectors - pv.PeStart.Value) / vg.ExtentSize.Value);
        uint used = HighestUsedExtent(vg, pv);
        if (peCount < used)
        {
            throw new StorageException(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
                $"{path}: cannot resize to {peCount} extents as later ones are allocated."));
        }
        if (peCount == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"{path}: size is too small for one extent.");
        }
        WriteLabelSize(u.Open, path, size, u);
        pv.DevSize = new Sectors(sectors);
        pv.PeCount = peCount;
        return true;
    }

    /// <summary>One past the highest extent of <paramref name="pv"/> used by any segment.</summary>
    internal static uint HighestUsedExtent(VolumeGroup vg, PhysicalVolume pv)
    {
        uint end = 0;
        foreach (LvSegment seg in vg.LogicalVolumes.SelectMany(lv => lv.Segments))
        {
            foreach (PvArea area in seg.AreaList.OfType<PvArea>().Where(a => a.Pv == pv))
            {
                end = Math.Max(end, area.StartExtent.Value + PvAreaLength(seg));
            }
        }
        return end;
    }

    /// <summary>Extents one area of a segment covers on its PV.</summary>
    internal static uint PvAreaLength(LvSegment seg) => Reports.LvDisplay.AreaLength(seg);
}
