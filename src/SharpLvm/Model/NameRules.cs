using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Model;

/// <summary>LVM2's name rules (<c>_validate_name</c> and <c>apply_lvname_restrictions</c> in lvm-string.c).</summary>
public static class NameRules
{
    /// <summary>NAME_LEN is 128 including the NUL.</summary>
    public const int MaxNameLength = 127;

    /// <summary>LV-name prefixes a user may not choose.</summary>
    public static IReadOnlyList<string> ReservedPrefixes { get; } = ["snapshot", "pvmove"];

    /// <summary>LV-name substrings (after the first '_') a user may not choose; they mark internal LVs.</summary>
    public static IReadOnlyList<string> ReservedSubstrings { get; } =
    [
        "_cdata", "_cmeta", "_corig", "_cpool", "_cvol", "_wcorig", "_mimage", "_mlog", "_rimage", "_rmeta",
        "_tdata", "_tmeta", "_vdata", "_imeta", "_iorig", "_pmspare", "_vorigin",
    ];

    /// <summary>Returns null when the name is valid for LVM2, else why not.</summary>
    public static string? CheckBasic(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the name is empty";
        }
        if (name.Length > MaxNameLength)
        {
            return $"the name is longer than {MaxNameLength} characters";
        }
        if (name[0] == '-')
        {
            return "the name starts with '-'";
        }
        if (name is "." or "..")
        {
            return "the name is '.' or '..'";
        }
        foreach (char c in name)
        {
            if (!IsNameChar(c))
            {
                return $"the name contains the character '{c}' (allowed: A-Z a-z 0-9 . _ + -)";
            }
        }
        return null;
    }

    /// <summary>Returns null when a user may give this LV name, else why not (reserved prefix or substring).</summary>
    public static string? CheckUserLvRestrictions(string name)
    {
        foreach (string prefix in ReservedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"Names starting \"{prefix}\" are reserved. Please choose a different LV name.";
            }
        }
        int underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore >= 0)
        {
            string tail = name[underscore..];
            foreach (string reserved in ReservedSubstrings)
            {
                if (tail.Contains(reserved, StringComparison.Ordinal))
                {
                    return $"Names including \"{reserved}\" are reserved. Please choose a different LV name.";
                }
            }
        }
        return null;
    }

    /// <summary>Whether a character may appear in a VG or LV name.</summary>
    public static bool IsNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '+' or '-';

    /// <summary>Whether a character may appear in a tag (<c>[A-Za-z0-9._+/=!:&amp;#-]</c>).</summary>
    public static bool IsTagChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '.' or '_' or '+' or '/' or '=' or '!' or ':' or '&' or '#' or '-';

    internal static StorageException Invalid(string what, string name, string why) =>
        new(ErrorCode.InvalidArgument, $"Invalid {what} \"{name}\": {why}.");

    /// <summary>LVM2's words for a user's LV name: the reserved-name sentence itself, else "Logical volume name … is invalid."</summary>
    internal static StorageException InvalidLvName(string name, string? basic, string? reserved) =>
        reserved is not null && basic is null
            ? new(ErrorCode.InvalidArgument, reserved)
            : new(ErrorCode.InvalidArgument, $"Logical volume name \"{name}\" is invalid.", basic);

    /// <summary>LVM2's explanation of a name with a character outside its set.</summary>
    public const string InvalidCharacterText = "Name contains invalid character, valid set includes: [a-zA-Z0-9.-_+].";
}
