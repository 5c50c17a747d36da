using SharpLvm.Config;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Archive;

/// <summary>
/// LVM2's archive and backup (archiver.c, format_text/archive.c): before a change, the old VG goes to
/// <c>archive/&lt;vg&gt;_&lt;NNNNN&gt;-&lt;random&gt;.vg</c> ("Created *before* executing '…'"); after it, the new
/// VG goes to <c>backup/&lt;vg&gt;</c> ("Created *after* executing '…'"). Archives beyond <c>retain_min</c>
/// that are older than <c>retain_days</c> are removed. Files are written to a temporary name and renamed.
/// </summary>
public static class VgArchiver
{
    /// <summary>Writes the archive of <paramref name="oldVg"/>; returns its path, or null when archiving is off.</summary>
    public static string? Archive(SystemContext ctx, VolumeGroup oldVg)
    {
        ArgumentNullException.ThrowIfNull(oldVg);
        return ArchiveText(ctx, oldVg.Name.Value, VgText.WriteBackup(oldVg, BeforeHeader(ctx)));
    }

    /// <summary>The header of an archive: "Created *before* executing '…'".</summary>
    public static VgTextHeader BeforeHeader(SystemContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return Header(ctx, $"Created *before* executing '{ctx.CommandLine}'");
    }

    /// <summary>Writes an archive file holding <paramref name="backupText"/> (the old VG in backup form).</summary>
    public static string? ArchiveText(SystemContext ctx, string vgName, string backupText)
    {
        ArchiveSettings settings = ArchiveSettings.From(ctx);
        if (!settings.Archive)
        {
            return null;
        }
        Directory.CreateDirectory(settings.ArchiveDir);
        List<ArchiveFile> existing = ArchiveFile.List(settings.ArchiveDir, vgName);
        uint index = existing.Count == 0 ? 0 : existing[^1].Index + 1;
        string path = Path.Combine(settings.ArchiveDir, ArchiveFile.FileName(vgName, index, Random.Shared.Next()));
        WriteAtomically(path, backupText);
        existing.Add(new ArchiveFile(path, vgName, index));
        RemoveExpired(existing, settings, ctx.Time.GetUtcNow());
        return path;
    }

    /// <summary>Writes <c>backup/&lt;vg&gt;</c> for the VG as committed; returns its path, or null when backups are off.</summary>
    public static string? Backup(SystemContext ctx, VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArchiveSettings settings = ArchiveSettings.From(ctx);
        if (!settings.Backup)
        {
            return null;
        }
        Directory.CreateDirectory(settings.BackupDir);
        string path = Path.Combine(settings.BackupDir, vg.Name.Value);
        WriteAtomically(path, VgText.WriteBackup(vg, Header(ctx, $"Created *after* executing '{ctx.CommandLine}'")));
        return path;
    }

    /// <summary>Removes <c>backup/&lt;vg&gt;</c> (vgremove).</summary>
    public static void RemoveBackup(SystemContext ctx, VgName vg)
    {
        string path = Path.Combine(ArchiveSettings.From(ctx).BackupDir, vg.Value);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Moves <c>backup/&lt;old&gt;</c> out of the way after a rename (the new name gets a fresh backup).</summary>
    public static void RenameBackup(SystemContext ctx, VgName oldName) => RemoveBackup(ctx, oldName);

    public static VgTextHeader Header(SystemContext ctx, string description)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return VgTextHeader.ForThisHost(description, ctx.Time.GetUtcNow());
    }

    /// <summary>LVM2's <c>_remove_expired</c>: keep at least retain_min, drop older-than-retain_days beyond that.</summary>
    internal static void RemoveExpired(List<ArchiveFile> archives, ArchiveSettings settings, DateTimeOffset now)
    {
        int count = archives.Count;
        DateTimeOffset cutoff = now - TimeSpan.FromDays(settings.RetainDays);
        foreach (ArchiveFile file in archives)
        {
            if (count <= settings.RetainMin)
            {
                return;
            }
            if (File.GetLastWriteTimeUtc(file.Path) >= cutoff.UtcDateTime)
            {
                return;
            }
            File.Delete(file.Path);
            count--;
        }
    }

    internal static void WriteAtomically(string path, string text)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
