using SharpLvm.DeviceMapper.Engine;
using SharpLvm.Model;

namespace SharpLvm.Activation;

/// <summary>
/// lvs' copy_percent (Cpy%Sync) of an active mirror: in-sync regions over all regions of its device's mirror
/// status lines ("… &lt;in-sync&gt;/&lt;regions&gt; …"); null for an inactive LV or one that is not a mirror.
/// </summary>
public static class LvCopyPercent
{
    public static double? Of(IDeviceMapper dm, VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(dm);
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        if (!lv.Segments.Exists(s => s is MirrorSegment { MirrorCount: > 1 }))
        {
            return null;
        }
        var name = LvDmNames.Name(vg.Name, lv.Name);
        if (dm.TryGetInfo(name) is not { HasLiveTable: true })
        {
            return null;
        }
        var (inSync, total) = MirrorSyncWait.Progress(dm.GetStatus(name));
        return total == 0 ? null : 100.0 * inSync / total;
    }
}
