using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Format.Text;

/// <summary>Typed reads of config nodes with errors that name the object, the key and the line.</summary>
internal readonly struct ImportContext(string what, ConfigNode section)
{
    public string What { get; } = what;

    public ConfigNode Section { get; } = section;

    public StorageException Error(string message, ConfigNode? node = null)
    {
        int line = (node ?? Section).Line;
        return new StorageException(ErrorCode.Corrupt, $"{What} (line {line.ToString(CultureInfo.InvariantCulture)}): {message}.");
    }

    public ConfigNode? Find(string key) => Section.Find(key);

    public ConfigNode Require(string key) => Section.Find(key) ?? throw Error($"missing \"{key}\"");

    public string? String(string key, bool required = false)
    {
        ConfigNode? node = required ? Require(key) : Find(key);
        if (node is null)
        {
            return null;
        }
        if (node.IsSection || node.Value!.Kind != ConfigValueKind.String)
        {
            throw Error($"\"{key}\" must be a string", node);
        }
        return node.Value.Text!;
    }

    public long? Integer(string key, long min, long max, bool required = false)
    {
        ConfigNode? node = required ? Require(key) : Find(key);
        if (node is null)
        {
            return null;
        }
        if (node.IsSection || node.Value!.Kind != ConfigValueKind.Integer)
        {
            throw Error($"\"{key}\" must be an integer", node);
        }
        long v = node.Value.Integer;
        if (v < min || v > max)
        {
            throw Error($"\"{key}\" = {v.ToString(CultureInfo.InvariantCulture)} is out of range", node);
        }
        return v;
    }

    public uint UInt32(string key, uint fallback = 0, bool required = false) =>
        (uint)(Integer(key, 0, uint.MaxValue, required) ?? fallback);

    /// <summary>A required count that must not be 0 (stripe_count, mirror_count).</summary>
    public uint NonZeroCount(string key)
    {
        uint n = UInt32(key, required: true);
        return n != 0 ? n : throw Error($"\"{key}\" must not be 0", Find(key));
    }

    /// <summary>A child section (null when absent and not required).</summary>
    public ConfigNode? SubSection(string key, bool required)
    {
        ConfigNode? node = required ? Require(key) : Find(key);
        return node is null || node.IsSection ? node : throw Error($"\"{key}\" must be a section", node);
    }

    public ulong UInt64(string key, ulong fallback = 0, bool required = false)
    {
        ConfigNode? node = required ? Require(key) : Find(key);
        if (node is null)
        {
            return fallback;
        }
        if (node.IsSection || node.Value!.Kind != ConfigValueKind.Integer || node.Value.Integer < 0)
        {
            throw Error($"\"{key}\" must be a non-negative integer", node);
        }
        return (ulong)node.Value.Integer;
    }

    public LvmUuid Uuid(string key = "id")
    {
        ConfigNode node = Require(key);
        string? text = node.IsSection || node.Value!.Kind != ConfigValueKind.String ? null : node.Value.Text;
        if (!LvmUuid.TryParse(text, out LvmUuid? id))
        {
            throw Error($"invalid uuid \"{text ?? node.ToString()}\" in \"{key}\"", node);
        }
        return id.Value;
    }

    public List<string> StringList(string key)
    {
        var list = new List<string>();
        ConfigNode? node = Find(key);
        if (node is null)
        {
            return list;
        }
        ConfigValue value = node.IsSection ? throw Error($"\"{key}\" must be an array of strings", node) : node.Value!;
        if (value.Kind == ConfigValueKind.String)
        {
            list.Add(value.Text!);
            return list;
        }
        if (value.Kind != ConfigValueKind.Array)
        {
            throw Error($"\"{key}\" must be an array of strings", node);
        }
        foreach (ConfigValue item in value.Items!)
        {
            if (item.Kind != ConfigValueKind.String)
            {
                throw Error($"\"{key}\" must hold only strings", node);
            }
            list.Add(item.Text!);
        }
        return list;
    }

    /// <summary>The status array: every name must be known (LVM2 refuses unknown STATUS flags).</summary>
    public int StatusFlags((string Name, int Bit)[] table, bool required = true)
    {
        if (Find("status") is null && !required)
        {
            return 0;
        }
        ConfigNode node = Require("status");
        int bits = 0;
        foreach (string name in StringList("status"))
        {
            int bit = FlagTables.Lookup(table, name);
            if (bit == 0)
            {
                throw Error($"unknown status flag \"{name}\"", node);
            }
            bits |= bit;
        }
        return bits;
    }

    /// <summary>The flags array: unknown (COMPATIBLE) names are ignored, as LVM2 does.</summary>
    public int CompatFlags((string Name, int Bit)[] table)
    {
        int bits = 0;
        foreach (string name in StringList("flags"))
        {
            bits |= FlagTables.Lookup(table, name);
        }
        return bits;
    }

    /// <summary>Tags as read; LVM2 does not re-validate their characters on import.</summary>
    public List<string> Tags() => StringList("tags");

    public AllocationPolicy Allocation(AllocationPolicy fallback)
    {
        string? text = String("allocation_policy");
        if (text is null)
        {
            return fallback;
        }
        return AllocationPolicies.TryParse(text, out AllocationPolicy? policy)
            ? policy.Value
            : throw Error($"unknown allocation_policy \"{text}\"", Find("allocation_policy"));
    }

    /// <summary>Keys of this section that are not in <paramref name="known"/>, kept verbatim.</summary>
    public void CollectUnknown(IReadOnlySet<string> known, List<ConfigNode> into)
    {
        foreach (ConfigNode child in Section.Children!)
        {
            if (!known.Contains(child.Key))
            {
                into.Add(child);
            }
        }
    }
}
