using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>
/// vgremove: the PVs become orphans. A VG with LVs needs -f (LVM2 asks "Do you really want to remove volume
/// group … containing N logical volumes?" and a command without a terminal answers no).
/// </summary>
public static class VgRemove
{
    public static IReadOnlyList<string> Run(SystemContext ctx, IReadOnlyList<string> names, bool force)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Please enter one or more volume group paths.");
        }
        var lines = new List<string>();
        foreach (VgName name in names.Select(VgNames.ParseExisting).ToList())
        {
            int lvCount = 0;
            VgTransaction.Remove(ctx, name, loaded =>
            {
                lvCount = loaded.Vg.LogicalVolumes.Count(lv => lv.IsVisible);
                if (loaded.Vg.LogicalVolumes.Count > 0 && !force)
                {
                    throw new StorageException(ErrorCode.Busy,
                        $"Volume group \"{name}\" not removed: it contains {lvCount} logical volume(s).", "use -f to remove them too");
                }
                if (loaded.MissingPvCount > 0)
                {
                    throw new StorageException(ErrorCode.InvalidState, $"Volume group \"{name}\" not removed: PVs are missing.");
                }
            });
            if (force && lvCount > 0)
            {
                lines.Add($"{lvCount} logical volume(s) in volume group \"{name}\" removed");
            }
            lines.Add($"Volume group \"{name}\" successfully removed");
        }
        return lines;
    }
}
