using System.Globalization;

namespace SharpLvm.Format.Text;

/// <summary>
/// The values of the header LVM2 writes around a VG (export.c _print_header): the description, when and
/// where it was written. Parameters so a test can reproduce a given text exactly.
/// </summary>
public sealed record VgTextHeader
{
    /// <summary>The version string LVM2 2.03.16 on Debian 12 writes.</summary>
    public const string DefaultLvmVersion = "2.03.16(2) (2022-05-18)";

    /// <summary>The <c>description</c> value, e.g. "Write from lvcreate -L 1G vg." or "vgcfgbackup -f x vg".</summary>
    public required string Description { get; init; }

    /// <summary>Unix seconds of <c>creation_time</c>.</summary>
    public required long CreationTime { get; init; }

    /// <summary>The node name (<c>creation_host</c>).</summary>
    public required string CreationHost { get; init; }

    /// <summary>The comment after creation_host: uname's sysname nodename release version machine.</summary>
    public required string HostComment { get; init; }

    /// <summary><c>creation_host_system_id</c>, written when set.</summary>
    public string? CreationHostSystemId { get; init; }

    public string LvmVersion { get; init; } = DefaultLvmVersion;

    /// <summary>The zone of the human-readable times in comments (LVM2 uses the local zone).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The description LVM2 puts in metadata-area copies: "Write from &lt;command line&gt;.".</summary>
    public static string WriteFrom(string commandLine) => "Write from " + commandLine + ".";

    /// <summary>The description of an archive file made before a command: "Created *before* executing '&lt;command line&gt;'".</summary>
    public static string CreatedBefore(string commandLine) => "Created *before* executing '" + commandLine + "'";

    /// <summary>The description of a backup file made after a command: "Created *after* executing '&lt;command line&gt;'".</summary>
    public static string CreatedAfter(string commandLine) => "Created *after* executing '" + commandLine + "'";

    /// <summary>A header for this machine and now (the uname fields from /proc on Linux).</summary>
    public static VgTextHeader ForThisHost(string description, DateTimeOffset? now = null)
    {
        string node = ReadProc("/proc/sys/kernel/hostname") ?? Environment.MachineName;
        string release = ReadProc("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString();
        string version = ReadProc("/proc/sys/kernel/version") ?? string.Empty;
        string machine = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "x86_64",
            System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
            System.Runtime.InteropServices.Architecture.X86 => "i686",
            var other => other.ToString().ToLowerInvariant(),
        };
        return new VgTextHeader
        {
            Description = description,
            CreationTime = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            CreationHost = node,
            HostComment = string.Join(' ', "Linux", node, release, version, machine),
            TimeZone = TimeZoneInfo.Local,
        };
    }

    /// <summary>C's ctime() text without the newline: "Tue Nov 24 13:20:03 2026", day padded with a space.</summary>
    public static string CTime(long unixSeconds, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTime t = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone).DateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"{t.ToString("ddd MMM", CultureInfo.InvariantCulture)} {t.Day,2} {t.ToString("HH:mm:ss yyyy", CultureInfo.InvariantCulture)}");
    }

    /// <summary>strftime "%Y-%m-%d %T %z": "2026-11-24 13:20:02 +0000".</summary>
    public static string IsoTime(long unixSeconds, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTimeOffset t = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone);
        TimeSpan off = t.Offset;
        char sign = off < TimeSpan.Zero ? '-' : '+';
        off = off.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {sign}{off.Hours:00}{off.Minutes:00}");
    }

    private static string? ReadProc(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
