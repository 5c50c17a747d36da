using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>
/// vgcfgrestore: writes a VG from a backup or archive file (default <c>backup/&lt;vg&gt;</c>) back onto its PVs,
/// found by uuid among the devices; <c>--list</c> shows the archives and the backup of a VG.
/// </summary>
public static class VgCfgRestore
{
    public static IReadOnlyList<string> Restore(SystemContext ctx, string vgName, string? file)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        VgName name = VgNames.ParseExisting(vgName);
        string path = file ?? Path.Combine(ArchiveSettings.From(ctx).BackupDir, name.Value);
        if (!File.Exists(path))
        {
            throw new StorageException(ErrorCode.NotFound, $"Couldn't find backup file {path}.", "Restore failed");
        }
        VolumeGroup fromFile = VgText.Parse(File.ReadAllText(path), path);
        if (fromFile.Name != name)
        {
            throw new StorageException(ErrorCode.NotFound, $"Couldn't find volume group {name} in {path} (it holds {fromFile.Name}).", "Restore failed");
        }
        ScanResult scan = ctx.Scan(ctx.Devices);
        var pvPaths = new List<string>();
        foreach (PhysicalVolume pv in fromFile.PhysicalVolumes)
        {
            ScannedPv device = scan.Orphans.Concat(scan.Vgs.SelectMany(v => v.Devices.OfType<ScannedPv>())).FirstOrDefault(d => d.PvId == pv.Id.Raw)
                ?? throw new StorageException(ErrorCode.NotFound, $"Couldn't find device with uuid {pv.Id}.", "Cannot restore Volume Group " + name.Value + " with 1 PVs marked as missing");
            pvPaths.Add(device.Path);
        }
        VgTransaction.Create(ctx, name, pvPaths, (_, devices) =>
        {
            fromFile.Seqno++;
            for (int i = 0; i < devices.Count; i++)
            {
                fromFile.PhysicalVolumes[i].DeviceHint = devices[i].Path;
            }
            return fromFile;
        }, replaceExisting: true);
        return [$"Restored volume group {name}."];
    }

    /// <summary>The lines of <c>vgcfgrestore --list VG</c>: each archive, then the backup file.</summary>
    public static IReadOnlyList<string> List(SystemContext ctx, string vgName)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        VgName name = VgNames.ParseExisting(vgName);
        ArchiveSettings settings = ArchiveSettings.From(ctx);
        var lines = new List<string>();
        var files = ArchiveFile.List(settings.ArchiveDir, name.Value).Select(a => a.Path).ToList();
        string backup = Path.Combine(settings.BackupDir, name.Value);
        if (File.Exists(backup))
        {
            files.Add(backup);
        }
        if (files.Count == 0)
        {
            throw new StorageException(ErrorCode.NotFound, $"No archives found for volume group {name}.");
        }
        foreach (string path in files)
        {
            VgTextDocument doc = VgText.ParseDocument(File.ReadAllText(path), path);
            lines.Add(" ");
            lines.Add("File:\t\t" + path);
            lines.Add("VG name:    \t" + doc.Vg.Name);
            lines.Add("Description:\t" + (doc.Description ?? "<No description>"));
            lines.Add("Backup Time:\t" + (doc.CreationTime is { } t ? VgTextHeader.CTime(t, TimeZoneInfo.Local) : "unknown"));
        }
        lines.Add(" ");
        return lines;
    }
}
