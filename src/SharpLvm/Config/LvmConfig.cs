using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;

namespace SharpLvm.Config;

/// <summary>
/// LVM2-style configuration: <c>lvm.conf</c> in the system directory and <c>--config</c> strings, in the same
/// syntax (parsed with <see cref="ConfigParser"/>). A setting is looked up by its path ("backup/retain_min"):
/// <c>--config</c> strings win over the file, and the built-in default applies when neither sets it.
/// Keys written as paths (<c>backup/archive = 0</c>) are accepted as LVM2 accepts them.
/// </summary>
public sealed class LvmConfig
{
    public const string FileName = "lvm.conf";

    private readonly List<List<ConfigNode>> _sources;

    private LvmConfig(List<List<ConfigNode>> sources) => _sources = sources;

    /// <summary>No settings: every lookup gives its default.</summary>
    public static LvmConfig Empty { get; } = new([]);

    /// <summary>Loads <c>&lt;systemDir&gt;/lvm.conf</c> (when present) and the <c>--config</c> strings.</summary>
    public static LvmConfig Load(string systemDir, IEnumerable<string>? overrides = null)
    {
        var sources = new List<List<ConfigNode>>();
        foreach (string text in overrides ?? [])
        {
            sources.Add(ConfigParser.Parse(text, "--config string"));
        }
        string file = Path.Combine(systemDir, FileName);
        if (File.Exists(file))
        {
            sources.Add(ConfigParser.Parse(File.ReadAllText(file), file));
        }
        return new LvmConfig(sources);
    }

    /// <summary>Parses settings from strings only (tests, <c>--config</c>).</summary>
    public static LvmConfig FromStrings(params string[] texts) => new([.. texts.Select(t => ConfigParser.Parse(t, "--config string"))]);

    public long GetInt(string path, long fallback)
    {
        ConfigValue? value = Find(path);
        if (value is null)
        {
            return fallback;
        }
        return value.Kind == ConfigValueKind.Integer ? value.Integer
            : throw new StorageException(ErrorCode.InvalidArgument, $"Configuration setting \"{path}\" must be an integer.");
    }

    public bool GetBool(string path, bool fallback) => GetInt(path, fallback ? 1 : 0) != 0;

    public string? GetString(string path, string? fallback)
    {
        ConfigValue? value = Find(path);
        if (value is null)
        {
            return fallback;
        }
        return value.Kind == ConfigValueKind.String ? value.Text
            : throw new StorageException(ErrorCode.InvalidArgument, $"Configuration setting \"{path}\" must be a string.");
    }

    private ConfigValue? Find(string path)
    {
        string[] parts = path.Split('/');
        foreach (List<ConfigNode> source in _sources)
        {
            if (Find(source, parts, 0) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    private static ConfigValue? Find(List<ConfigNode> nodes, string[] parts, int index)
    {
        // The last setting wins, as in LVM2's merged trees.
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            ConfigNode node = nodes[i];
            string rest = string.Join('/', parts[index..]);
            if (!node.IsSection && node.Key == rest)
            {
                return node.Value;
            }
            if (node.IsSection && node.Key == parts[index] && index + 1 < parts.Length && Find(node.Children!, parts, index + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }
}
