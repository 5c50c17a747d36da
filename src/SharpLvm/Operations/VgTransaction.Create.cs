using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;
using SharpLvm.Locking;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations;

public static partial class VgTransaction
{
    /// <summary>
    /// Writes a new VG (vgcreate, vgcfgrestore): holds <c>P_orphans</c> and <c>V_&lt;vg&gt;</c>, scans the devices
    /// and <paramref name="pvPaths"/>, refuses a name that exists, lets <paramref name="build"/> make the VG from
    /// the scan (the PVs it uses must be orphans among <paramref name="pvPaths"/>), writes it with seqno as built,
    /// and writes the backup. Returns the VG.
    /// </summary>
    public static VolumeGroup Create(SystemContext ctx, VgName name, IReadOnlyList<string> pvPaths,
        Func<ScanResult, IReadOnlyList<ScannedPv>, VolumeGroup> build, bool replaceExisting = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(pvPaths);
        ArgumentNullException.ThrowIfNull(build);
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [name], orphans: true);
        ScanResult scan = ctx.Scan(ctx.DevicesWith(pvPaths));
        LoadedVg? existing = scan.Vgs.FirstOrDefault(v => v.Vg.Name == name);
        if (existing is not null && !replaceExisting)
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"A volume group called {name} already exists.");
        }
        var pvs = new List<ScannedPv>();
        foreach (string path in pvPaths.Select(Path.GetFullPath))
        {
            ScannedPv pv = scan.Orphans.FirstOrDefault(p => p.Path == path)
                ?? existing?.Devices.FirstOrDefault(d => d?.Path == path)
                ?? throw UsedOrMissing(scan, path);
            pvs.Add(pv);
        }
        VolumeGroup vg = build(scan, pvs);
        if (existing is not null)
        {
            VgArchiver.ArchiveText(ctx, name.Value, VgText.WriteBackup(existing.Vg, VgArchiver.BeforeHeader(ctx)));
        }
        vg.UpdateDerived();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ScannedPv pv in pvs)
        {
            paths[pv.PvId] = pv.Path;
        }
        // PVs of the VG being replaced that the new one does not use become orphans.
        List<string> released = existing is null ? [] :
            [.. existing.Devices.OfType<ScannedPv>().Where(d => !paths.ContainsKey(d.PvId)).Select(d => d.Path)];
        WriteAndCommit(ctx, vg, paths, released);
        VgArchiver.Backup(ctx, vg);
        return vg;
    }

    /// <summary>
    /// vgremove: holds <c>P_orphans</c> and <c>V_&lt;vg&gt;</c>, reads the VG, lets <paramref name="check"/> refuse,
    /// archives it, turns every PV into an orphan and removes the backup file.
    /// </summary>
    public static void Remove(SystemContext ctx, VgName name, Action<LoadedVg> check)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(check);
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [name], orphans: true);
        ScanResult scan = ctx.Scan(ctx.Devices);
        LoadedVg loaded = Find(scan, name);
        check(loaded);
        VgArchiver.ArchiveText(ctx, name.Value, VgText.WriteBackup(loaded.Vg, VgArchiver.BeforeHeader(ctx)));
        foreach (ScannedPv? device in loaded.Devices)
        {
            if (device is not null)
            {
                MakeOrphan(ctx, device.Path);
            }
        }
        VgArchiver.RemoveBackup(ctx, name);
    }

    /// <summary>The error for a device that is not an orphan PV: in a VG, or no PV at all.</summary>
    internal static StorageException UsedOrMissing(ScanResult scan, string path)
    {
        foreach (LoadedVg vg in scan.Vgs)
        {
            if (vg.Devices.Any(d => d?.Path == path))
            {
                return new StorageException(ErrorCode.Busy, $"Physical volume '{path}' is already in volume group '{vg.Vg.Name}'");
            }
        }
        return new StorageException(ErrorCode.NotFound, $"Failed to find physical volume \"{path}\".");
    }
}
