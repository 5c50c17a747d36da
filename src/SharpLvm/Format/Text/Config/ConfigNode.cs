namespace SharpLvm.Format.Text;

/// <summary>
/// A node of the config tree: either <c>key = value</c> (<see cref="Value"/> set) or a section
/// <c>key { … }</c> (<see cref="Children"/> set). <see cref="Line"/> is the 1-based line of the key.
/// <see cref="BlankLineBefore"/> records a blank line before the key so verbatim sections are written back alike.
/// </summary>
public sealed class ConfigNode : IEquatable<ConfigNode>
{
    private ConfigNode(string key, ConfigValue? value, List<ConfigNode>? children, int line)
    {
        Key = key;
        Value = value;
        Children = children;
        Line = line;
    }

    public string Key { get; }

    public ConfigValue? Value { get; }

    public List<ConfigNode>? Children { get; }

    public int Line { get; }

    public bool BlankLineBefore { get; set; }

    public bool IsSection => Children is not null;

    public static ConfigNode Setting(string key, ConfigValue value, int line = 0) => new(key, value, null, line);

    public static ConfigNode Section(string key, List<ConfigNode> children, int line = 0) => new(key, null, children, line);

    /// <summary>The first child with this key, or null.</summary>
    public ConfigNode? Find(string key)
    {
        if (Children is null)
        {
            return null;
        }
        foreach (ConfigNode child in Children)
        {
            if (child.Key == key)
            {
                return child;
            }
        }
        return null;
    }

    public bool Equals(ConfigNode? other)
    {
        if (other is null || other.Key != Key || other.IsSection != IsSection)
        {
            return false;
        }
        return IsSection ? Children!.SequenceEqual(other.Children!) : Value!.Equals(other.Value);
    }

    public override bool Equals(object? obj) => Equals(obj as ConfigNode);

    public override int GetHashCode() => HashCode.Combine(Key, IsSection);

    public override string ToString() => IsSection ? Key + " { … }" : Key + " = " + Value;
}
