using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>lvrename on the model; internal LVs named after the LV (<c>old_mimage_0</c>, <c>old_mlog</c>) follow.</summary>
public static class LvRename
{
    public static void Apply(VolumeGroup vg, string oldName, LvName newName, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(output);
        LogicalVolume lv = LvLookup.FindUserLv(vg, oldName, "rename");
        if (oldName == newName.Value)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Old and new logical volume names must differ");
        }
        if (vg.FindLv(newName.Value) is not null)
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"Logical Volume \"{newName}\" already exists in volume group \"{vg.Name}\"");
        }
        var renames = new List<(LogicalVolume Lv, LvName Name)>();
        foreach (LogicalVolume sub in LvTree.Below(lv))
        {
            if (sub.Name.Value.StartsWith(oldName + "_", StringComparison.Ordinal))
            {
                string name = newName.Value + sub.Name.Value[oldName.Length..];
                if (!LvName.TryParseInternal(name, out LvName? parsed))
                {
                    throw new StorageException(ErrorCode.InvalidArgument, $"New logical volume name \"{newName}\" is too long for its internal volumes.");
                }
                renames.Add((sub, parsed.Value));
            }
        }
        lv.Name = newName;
        foreach ((LogicalVolume sub, LvName name) in renames)
        {
            sub.Name = name;
        }
        output.Print($"Renamed \"{oldName}\" to \"{newName}\" in volume group \"{vg.Name}\"");
    }
}
