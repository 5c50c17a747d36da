using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>LVM2's checks on VG names given on the command line.</summary>
public static class VgNames
{
    /// <summary>A name for a new VG: LVM2's name rules, and not an entry of /dev (validate_new_vg_name).</summary>
    public static VgName ParseNew(string name)
    {
        if (!VgName.TryParse(name, out VgName? parsed))
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"New volume group name \"{name}\" is invalid.",
                name.All(NameRules.IsNameChar) ? NameRules.CheckBasic(name) : NameRules.InvalidCharacterText);
        }
        if (Path.Exists(Path.Combine("/dev", name)))
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"New volume group name \"{name}\" is invalid: /dev/{name} exists.");
        }
        return parsed.Value;
    }

    /// <summary>The name of an existing VG (a leading /dev/ is dropped, as LVM2 does).</summary>
    public static VgName ParseExisting(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.StartsWith("/dev/", StringComparison.Ordinal) ? name[5..].TrimEnd('/') : name;
        return VgName.TryParse(n, out VgName? parsed) ? parsed.Value
            : throw new StorageException(ErrorCode.InvalidArgument, $"Invalid volume group name {name}.");
    }
}
