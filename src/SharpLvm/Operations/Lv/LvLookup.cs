using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>Finding LVs by name, with LVM2's messages.</summary>
public static class LvLookup
{
    public static LogicalVolume Find(VolumeGroup vg, string name)
    {
        ArgumentNullException.ThrowIfNull(vg);
        return vg.FindLv(name) ?? throw new StorageException(ErrorCode.NotFound, $"Failed to find logical volume \"{vg.Name}/{name}\"");
    }

    /// <summary>A visible LV the user may operate on; internal LVs (mirror images, logs, layers) are refused.</summary>
    public static LogicalVolume FindUserLv(VolumeGroup vg, string name, string action)
    {
        ArgumentNullException.ThrowIfNull(vg);
        LogicalVolume? lv = vg.FindLv(name);
        vg.UpdateDerived();
        if (lv is null || !lv.IsVisible)
        {
            throw new StorageException(ErrorCode.NotFound, NotFoundText(vg, name, action),
                lv is null ? null : $"{vg.Name}/{name} is an internal logical volume{RoleText(lv.Role)}: operate on the LV that uses it");
        }
        if (!lv.IsUnderstood || (lv.Role & (LvRole.Snapshot | LvRole.Cow | LvRole.Origin | LvRole.PvMove | LvRole.NotUnderstood)) != 0)
        {
            throw new StorageException(ErrorCode.Unsupported, $"Cannot {action} logical volume {vg.Name}/{name}: its type is not supported yet.");
        }
        return lv;
    }

    // LVM2 words it per command: lvresize and lvrename have their own sentences.
    private static string NotFoundText(VolumeGroup vg, string name, string action) => action switch
    {
        "resize" => $"Logical volume {name} not found in volume group {vg.Name}.",
        "rename" => $"Existing logical volume \"{name}\" not found in volume group \"{vg.Name}\"",
        _ => $"Failed to find logical volume \"{vg.Name}/{name}\"",
    };

    private static string RoleText(LvRole role) =>
        (role & LvRole.MirrorImage) != 0 ? " (a mirror image)"
        : (role & LvRole.MirrorLog) != 0 ? " (a mirror log)"
        : (role & LvRole.StripedLayer) != 0 ? " (a layer)" : string.Empty;
}
