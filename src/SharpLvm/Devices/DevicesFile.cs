using System.Globalization;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Devices;

/// <summary>
/// LVM2's devices file (<c>devices/system.devices</c>): comment lines, <c>VERSION=</c> and <c>SYSTEMID=</c>
/// header lines, and one line of <c>KEY=value</c> pairs per device (see <see cref="DevicesFileEntry"/>).
/// A value of "." means "none", as LVM2 writes it.
/// </summary>
public sealed class DevicesFile
{
    public const string DefaultVersion = "1.1.1";

    public string Version { get; set; } = DefaultVersion;

    public string? SystemId { get; set; }

    public List<DevicesFileEntry> Entries { get; } = [];

    /// <summary>Reads and parses a devices file; a missing file is NotFound.</summary>
    public static DevicesFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new StorageException(ErrorCode.NotFound, $"Devices file {path} not found.",
                "give the devices with --devices PATH,... or list them in the devices file");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the text of a devices file; <paramref name="what"/> names it in errors.</summary>
    public static DevicesFile Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new DevicesFile();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line.StartsWith("VERSION=", StringComparison.Ordinal))
            {
                file.Version = line["VERSION=".Length..];
                continue;
            }
            if (line.StartsWith("SYSTEMID=", StringComparison.Ordinal))
            {
                file.SystemId = line["SYSTEMID=".Length..];
                continue;
            }
            file.Entries.Add(ParseEntry(line, what, i + 1));
        }
        return file;
    }

    private static DevicesFileEntry ParseEntry(string line, string what, int lineNumber)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new StorageException(ErrorCode.Corrupt,
                    $"{what} line {lineNumber.ToString(CultureInfo.InvariantCulture)}: \"{field}\" is not KEY=value.");
            }
            values[field[..eq]] = field[(eq + 1)..];
        }
        string? Get(string key) => values.TryGetValue(key, out string? v) && v != "." && v.Length > 0 ? v : null;
        string idType = Get("IDTYPE") ?? throw new StorageException(ErrorCode.Corrupt,
            $"{what} line {lineNumber.ToString(CultureInfo.InvariantCulture)}: IDTYPE missing.");
        string idName = Get("IDNAME") ?? throw new StorageException(ErrorCode.Corrupt,
            $"{what} line {lineNumber.ToString(CultureInfo.InvariantCulture)}: IDNAME missing.");
        return new DevicesFileEntry(idType, idName, Get("DEVNAME"), Get("PVID"), Get("PART"));
    }

    /// <summary>The file's text as LVM2 writes it.</summary>
    public string ToText(string creator)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("# LVM uses devices listed in this file.\n");
        sb.Append("# Created by ").Append(creator).Append('\n');
        sb.Append("VERSION=").Append(Version).Append('\n');
        if (SystemId is not null)
        {
            sb.Append("SYSTEMID=").Append(SystemId).Append('\n');
        }
        foreach (DevicesFileEntry entry in Entries)
        {
            sb.Append(entry.ToLine()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes the file atomically (temporary file, then rename), creating its directory.</summary>
    public void Save(string path, string creator)
    {
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, ToText(creator));
        File.Move(tmp, path, overwrite: true);
    }
}
