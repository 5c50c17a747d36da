using System.Globalization;

namespace SharpLvm.Format.Text;

/// <summary>The kinds of values in LVM2's config grammar.</summary>
public enum ConfigValueKind
{
    Integer,
    Float,
    String,
    Array,
}

/// <summary>
/// One value of the config tree: an int64, a float (kept as its text so it is written back unchanged),
/// a string, or an array of scalars. <see cref="Line"/> is where it was read (0 when built in code);
/// the writer uses the lines of array items to keep multi-line arrays as they were.
/// </summary>
public sealed class ConfigValue : IEquatable<ConfigValue>
{
    private ConfigValue(ConfigValueKind kind, long integer, string? text, IReadOnlyList<ConfigValue>? items, int line)
    {
        Kind = kind;
        Integer = integer;
        Text = text;
        Items = items;
        Line = line;
    }

    public ConfigValueKind Kind { get; }

    /// <summary>The value of an <see cref="ConfigValueKind.Integer"/>.</summary>
    public long Integer { get; }

    /// <summary>The string of a <see cref="ConfigValueKind.String"/> (unescaped) or the text of a float.</summary>
    public string? Text { get; }

    /// <summary>The items of an <see cref="ConfigValueKind.Array"/>.</summary>
    public IReadOnlyList<ConfigValue>? Items { get; }

    public int Line { get; }

    public double Float => double.Parse(Text!, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static ConfigValue FromInteger(long value, int line = 0) => new(ConfigValueKind.Integer, value, null, null, line);

    public static ConfigValue FromFloatText(string text, int line = 0) => new(ConfigValueKind.Float, 0, text, null, line);

    public static ConfigValue FromString(string value, int line = 0) => new(ConfigValueKind.String, 0, value, null, line);

    public static ConfigValue FromArray(IReadOnlyList<ConfigValue> items, int line = 0) => new(ConfigValueKind.Array, 0, null, items, line);

    public static ConfigValue StringArray(IEnumerable<string> strings) =>
        FromArray(strings.Select(s => FromString(s)).ToList());

    public bool Equals(ConfigValue? other)
    {
        if (other is null || other.Kind != Kind)
        {
            return false;
        }
        return Kind switch
        {
            ConfigValueKind.Integer => Integer == other.Integer,
            ConfigValueKind.Array => Items!.Count == other.Items!.Count && Items.SequenceEqual(other.Items),
            _ => string.Equals(Text, other.Text, StringComparison.Ordinal),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as ConfigValue);

    public override int GetHashCode() => HashCode.Combine(Kind, Integer, Text, Items?.Count ?? 0);

    public override string ToString() => Kind switch
    {
        ConfigValueKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ConfigValueKind.Array => "[" + string.Join(", ", Items!.Select(i => i.ToString())) + "]",
        ConfigValueKind.Float => Text!,
        _ => "\"" + Text + "\"",
    };
}
