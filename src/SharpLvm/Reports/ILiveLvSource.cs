using SharpLvm.DeviceMapper.Names;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>
/// What a report may ask the device host about an LV (lvs with a daemon running). Without one, the state letters
/// of lv_attr are 'X' and lv_active is "unknown", as LVM2 shows them when it cannot ask the kernel.
/// </summary>
public interface ILiveLvSource
{
    /// <summary>The LV's top device as the host has it.</summary>
    LvLiveState State(LoadedVg vg, LogicalVolume lv);

    /// <summary>copy_percent of an active mirror (from its device's status); null when inactive or not a mirror.</summary>
    double? CopyPercent(LoadedVg vg, LogicalVolume lv);
}

/// <summary>
/// The state of an LV's device: absent, or present with a live and/or inactive table, suspended, open; for a mirror
/// image, whether its mirror is fully in sync (LVM2's lv_mirror_image_in_sync: lv_attr 'i' rather than 'I').
/// </summary>
public readonly record struct LvLiveState(bool Present, bool HasLiveTable, bool HasInactiveTable, bool Suspended, int OpenCount,
    DeviceNumber Number, bool ImageInSync = false)
{
    public static LvLiveState Absent => default;

    /// <summary>lv_attr letter 5 (LVM2's lv_attr "State"): a(ctive), s(uspended), i (inactive table only), d (no table), '-' (no device).</summary>
    public char StateLetter => !Present ? '-'
        : Suspended ? 's'
        : HasLiveTable ? 'a'
        : HasInactiveTable ? 'i'
        : 'd';

    /// <summary>lv_attr letter 6: o(pen) or '-'.</summary>
    public char OpenLetter => Present && OpenCount > 0 ? 'o' : '-';

    /// <summary>What LVM2 calls "in kernel": the device exists with a live table.</summary>
    public bool InKernel => Present && HasLiveTable;
}
