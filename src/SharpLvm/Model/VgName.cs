using System.Diagnostics.CodeAnalysis;

namespace SharpLvm.Model;

/// <summary>A volume group name valid under LVM2's rules.</summary>
public readonly record struct VgName
{
    private VgName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Validates a name; throws StorageException(InvalidArgument) naming the problem.</summary>
    public static VgName Parse(string name)
    {
        string? why = NameRules.CheckBasic(name);
        return why is null ? new VgName(name) : throw NameRules.Invalid("volume group name", name, why);
    }

    public static bool TryParse(string? name, [NotNullWhen(true)] out VgName? result)
    {
        result = NameRules.CheckBasic(name) is null ? new VgName(name!) : null;
        return result is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
