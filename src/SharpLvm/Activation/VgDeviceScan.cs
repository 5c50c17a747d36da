using SharpLvm.DeviceMapper.Engine;

namespace SharpLvm.Activation;

/// <summary>
/// The devices a host holds for a VG, found by their names alone (LVM2's _check_all_dm_devices): a command that may
/// not be able to read the VG's metadata (vgcfgrestore) still sees what is active.
/// </summary>
public static class VgDeviceScan
{
    /// <summary>The LV part of every device named for <paramref name="vgName"/> (a device per entry, layers included: an LV may repeat).</summary>
    public static IReadOnlyList<string> ActiveLvNames(IDeviceMapper dm, string vgName)
    {
        ArgumentNullException.ThrowIfNull(dm);
        ArgumentNullException.ThrowIfNull(vgName);
        var names = new List<string>();
        foreach (DeviceInfo info in dm.List())
        {
            if (LvDmNames.TrySplit(info.Name.Value, out string vg, out string lv, out _) && vg == vgName)
            {
                names.Add(lv);
            }
        }
        return names;
    }
}
