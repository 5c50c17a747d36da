using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Locking;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Pv;

/// <summary>
/// pvcreate: formats devices (image files or block devices) as orphan PVs under <c>P_orphans</c>. A device
/// that is a PV of a VG is refused unless forced twice and confirmed (-ff -y), as LVM2 does; an orphan PV is
/// re-initialized. New PVs are recorded in the devices file when the command uses one.
/// </summary>
public static class PvCreate
{
    /// <summary>Creates the PVs; returns the lines LVM2 prints.</summary>
    public static IReadOnlyList<string> Run(SystemContext ctx, IReadOnlyList<string> paths, PvCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        if (paths.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please enter a physical volume path.");
        }
        if (options.MetadataCopies is < 0 or > 2)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Invalid argument for --pvmetadatacopies: {options.MetadataCopies} (0, 1 or 2).");
        }
        string? uuid = null;
        if (options.Uuid is not null)
        {
            uuid = LvmUuid.Parse(options.Uuid).Raw;
            if (paths.Count > 1)
            {
                throw new StorageException(ErrorCode.InvalidArgument, "Can only set uuid on one volume at once.");
            }
        }
        var full = paths.Select(Path.GetFullPath).ToList();
        foreach (string path in full)
        {
            if (!Path.Exists(path))
            {
                throw new StorageException(ErrorCode.NotFound, $"No device found for {path}.");
            }
        }
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [], orphans: true);
        ScanResult scan = ctx.Scan(ctx.DevicesWith(full));
        foreach (string path in full)
        {
            CheckUsable(scan, path, options);
            if (uuid is not null && scan.Orphans.Concat(scan.Vgs.SelectMany(v => v.Devices.OfType<ScannedPv>()))
                .FirstOrDefault(p => p.PvId == uuid && p.Path != path) is { } other)
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"uuid {LvmUuid.Parse(uuid)} already in use on \"{other.Path}\".");
            }
        }
        var format = new PvFormatOptions
        {
            PvUuid = uuid,
            MetadataSize = options.MetadataSize,
            MetadataCopies = options.MetadataCopies,
            DataAlignment = options.DataAlignment ?? PvFormatOptions.OneMiB,
            DataAlignmentOffset = options.DataAlignmentOffset,
            DeviceSize = options.PhysicalVolumeSize,
        };
        // Plan every device before writing any, so a bad size leaves all of them untouched.
        var devices = new List<IBlockDevice>();
        try
        {
            foreach (string path in full)
            {
                IBlockDevice device = ctx.OpenDevice(path, false);
                devices.Add(device);
                _ = PvFormatter.Plan(device, format);
            }
            var lines = new List<string>();
            foreach (IBlockDevice device in devices)
            {
                PhysicalVolumeDisk disk = PvFormatter.Format(device, format);
                PvDevicesFile.Record(ctx, device.Name, disk.Label.PvUuid);
                lines.Add($"Physical volume \"{device.Name}\" successfully created.");
            }
            return lines;
        }
        finally
        {
            foreach (IBlockDevice device in devices)
            {
                device.Dispose();
            }
        }
    }

    private static void CheckUsable(ScanResult scan, string path, PvCreateOptions options)
    {
        LoadedVg? owner = scan.Vgs.FirstOrDefault(v => v.Devices.Any(d => d?.Path == path));
        if (owner is null)
        {
            return;
        }
        if (options.Force < 2)
        {
            throw new StorageException(ErrorCode.Busy,
                $"Can't initialize physical volume \"{path}\" of volume group \"{owner.Vg.Name}\" without -ff",
                $"{path}: physical volume not initialized");
        }
        if (!options.Yes)
        {
            throw new StorageException(ErrorCode.Busy,
                $"Really INITIALIZE physical volume \"{path}\" of volume group \"{owner.Vg.Name}\"? Not confirmed",
                "add -y to confirm");
        }
    }
}
