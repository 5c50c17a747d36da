using System.Diagnostics.CodeAnalysis;

namespace SharpLvm.Model;

/// <summary>
/// A logical volume name valid under LVM2's rules. <see cref="Parse"/> is for names a user gives (reserved
/// prefixes and substrings refused); <see cref="ParseInternal"/> accepts internal names such as
/// <c>lv_mimage_0</c> or <c>snapshot1</c>, for metadata being imported and for LVs the tools create.
/// </summary>
public readonly record struct LvName
{
    private LvName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Whether the name uses a prefix or substring LVM2 reserves for internal LVs.</summary>
    public bool IsReserved => NameRules.CheckUserLvRestrictions(Value) is not null;

    /// <summary>A name a user gives: basic rules plus the reserved prefixes and substrings.</summary>
    public static LvName Parse(string name)
    {
        string? basic = NameRules.CheckBasic(name);
        string? reserved = basic is null ? NameRules.CheckUserLvRestrictions(name) : null;
        return basic is null && reserved is null ? new LvName(name) : throw NameRules.InvalidLvName(name, basic, reserved);
    }

    /// <summary>A name read from metadata or made by the tools: basic rules only.</summary>
    public static LvName ParseInternal(string name)
    {
        string? why = NameRules.CheckBasic(name);
        return why is null ? new LvName(name) : throw NameRules.Invalid("logical volume name", name, why);
    }

    public static bool TryParse(string? name, [NotNullWhen(true)] out LvName? result)
    {
        result = NameRules.CheckBasic(name) is null && NameRules.CheckUserLvRestrictions(name!) is null
            ? new LvName(name!) : null;
        return result is not null;
    }

    public static bool TryParseInternal(string? name, [NotNullWhen(true)] out LvName? result)
    {
        result = NameRules.CheckBasic(name) is null ? new LvName(name!) : null;
        return result is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
