using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;

namespace SharpLvm.Activation;

/// <summary>
/// lvs' view of a device host: an LV's state is its top device's (<c>dmsetup info</c>: present, live or inactive
/// table, suspended, open count), its copy_percent the in-sync regions over all regions of its mirror status lines
/// ("… &lt;in-sync&gt;/&lt;regions&gt; …"). The device list is read once per report (one round trip to a daemon).
/// </summary>
public sealed class HostLvSource(IDeviceMapper dm) : ILiveLvSource
{
    private Dictionary<DmName, DeviceInfo>? _devices;

    public LvLiveState State(LoadedVg vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        _devices ??= dm.List().ToDictionary(d => d.Name);
        return _devices.TryGetValue(LvDmNames.Name(vg.Vg.Name, lv.Name), out DeviceInfo? info)
            ? new LvLiveState(true, info.HasLiveTable, info.HasInactiveTable, info.Suspended, info.OpenCount, info.Number, ImageInSync(vg, lv))
            : LvLiveState.Absent;
    }

    /// <summary>A mirror image is in sync when the mirror using it is at 100%.</summary>
    private bool ImageInSync(LoadedVg vg, LogicalVolume image) =>
        (image.Role & LvRole.MirrorImage) != 0
        && vg.Vg.LogicalVolumes.Find(m => m.Segments.Exists(s => s is MirrorSegment ms && ms.AreaList.Any(a => a is LvArea la && la.Lv == image))) is { } mirror
        && CopyPercent(vg, mirror) is 100.0;

    public double? CopyPercent(LoadedVg vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        if (!lv.Segments.Exists(s => s is MirrorSegment { MirrorCount: > 1 }))
        {
            return null;
        }
        var name = LvDmNames.Name(vg.Vg.Name, lv.Name);
        if (dm.TryGetInfo(name) is not { HasLiveTable: true })
        {
            return null;
        }
        var (inSync, total) = MirrorSyncWait.Progress(dm.GetStatus(name));
        return total == 0 ? null : 100.0 * inSync / total;
    }
}
