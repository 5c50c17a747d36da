using SharpLvm.Config;

namespace SharpLvm.Archive;

/// <summary>
/// LVM2's <c>backup { }</c> settings: whether to keep a backup after each change and an archive before it,
/// where, and how many archives to keep (<c>retain_min</c> 10, <c>retain_days</c> 30, LVM2's defaults).
/// </summary>
public sealed record ArchiveSettings(bool Backup, string BackupDir, bool Archive, string ArchiveDir, int RetainMin, int RetainDays)
{
    public const int DefaultRetainMin = 10;
    public const int DefaultRetainDays = 30;

    public static ArchiveSettings From(SystemContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        LvmConfig c = ctx.Config;
        return new ArchiveSettings(
            c.GetBool("backup/backup", true),
            c.GetString("backup/backup_dir", null) ?? Path.Combine(ctx.SystemDir, "backup"),
            c.GetBool("backup/archive", true),
            c.GetString("backup/archive_dir", null) ?? Path.Combine(ctx.SystemDir, "archive"),
            (int)c.GetInt("backup/retain_min", DefaultRetainMin),
            (int)c.GetInt("backup/retain_days", DefaultRetainDays));
    }
}
