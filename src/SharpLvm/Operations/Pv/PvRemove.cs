using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Locking;
using SharpLvm.Metadata;

namespace SharpLvm.Operations.Pv;

/// <summary>pvremove: wipes the label of orphan PVs; a PV of a VG needs -ff -y, as in LVM2.</summary>
public static class PvRemove
{
    public static IReadOnlyList<string> Run(SystemContext ctx, IReadOnlyList<string> paths, int force, bool yes)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please enter a physical volume path.");
        }
        var full = paths.Select(Path.GetFullPath).ToList();
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [], orphans: true);
        ScanResult scan = ctx.Scan(ctx.DevicesWith(full.Where(Path.Exists)));
        foreach (string path in full)
        {
            if (!Path.Exists(path))
            {
                throw new StorageException(ErrorCode.NotFound, $"No device found for {path}.");
            }
            LoadedVg? owner = scan.Vgs.FirstOrDefault(v => v.Devices.Any(d => d?.Path == path));
            if (owner is not null && (force < 2 || !yes))
            {
                throw new StorageException(ErrorCode.Busy, $"PV {path} is used by VG {owner.Vg.Name} so please use vgreduce first.",
                    "If you are certain you need pvremove, then confirm by using --force twice");
            }
            if (owner is null && !scan.Orphans.Any(p => p.Path == path))
            {
                throw new StorageException(ErrorCode.NotFound, $"No PV found on device {path}.");
            }
        }
        var lines = new List<string>();
        foreach (string path in full)
        {
            using (IBlockDevice device = ctx.OpenDevice(path, false))
            {
                PvFormatter.WipeLabels(device);
                device.Flush();
            }
            PvDevicesFile.Forget(ctx, path);
            lines.Add($"Labels on physical volume \"{path}\" successfully wiped.");
        }
        return lines;
    }
}
