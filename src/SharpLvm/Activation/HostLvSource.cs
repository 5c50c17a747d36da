using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;

namespace SharpLvm.Activation;

/// <summary>
/// lvs' view of a device host: an LV's state is its top device's (<c>dmsetup info</c>: present, live or inactive
/// table, suspended, open count), its copy_percent the in-sync regions over all regions of its mirror status lines
/// ("… &lt;in-sync&gt;/&lt;regions&gt; …"). The device list is read once per report (one round trip to a daemon), each
/// mirror's status at most once.
/// </summary>
public sealed class HostLvSource(IDeviceMapper dm) : ILiveLvSource
{
    private readonly Dictionary<LogicalVolume, double?> _percents = [];
    private readonly Dictionary<LogicalVolume, LogicalVolume> _mirrorOfImage = [];
    private readonly HashSet<LoadedVg> _indexed = [];
    private Dictionary<DmName, DeviceInfo>? _devices;

    public LvLiveState State(LoadedVg vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        return Device(vg, lv) is { } info
            ? new LvLiveState(true, info.HasLiveTable, info.HasInactiveTable, info.Suspended, info.OpenCount, info.Number, ImageInSync(vg, lv))
            : LvLiveState.Absent;
    }

    public double? CopyPercent(LoadedVg vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        if (!_percents.TryGetValue(lv, out double? percent))
        {
            percent = _percents[lv] = MirrorPercent(vg, lv);
        }
        return percent;
    }

    private double? MirrorPercent(LoadedVg vg, LogicalVolume lv)
    {
        if (!lv.Segments.Exists(s => s is MirrorSegment { MirrorCount: > 1 }) || Device(vg, lv) is not { HasLiveTable: true } info)
        {
            return null;
        }
        var (inSync, total) = MirrorSyncWait.Progress(dm.GetStatus(info.Name));
        return total == 0 ? null : 100.0 * inSync / total;
    }

    /// <summary>The LV's top device from the one device list this report reads.</summary>
    private DeviceInfo? Device(LoadedVg vg, LogicalVolume lv)
    {
        _devices ??= dm.List().ToDictionary(d => d.Name);
        return _devices.GetValueOrDefault(LvDmNames.Name(vg.Vg.Name, lv.Name));
    }

    /// <summary>A mirror image is in sync when the mirror using it is at 100% (LVM2's lv_mirror_image_in_sync).</summary>
    private bool ImageInSync(LoadedVg vg, LogicalVolume image)
    {
        if ((image.Role & LvRole.MirrorImage) == 0)
        {
            return false;
        }
        if (_indexed.Add(vg))
        {
            foreach (LogicalVolume mirror in vg.Vg.LogicalVolumes)
            {
                foreach (LvArea leg in mirror.Segments.OfType<MirrorSegment>().SelectMany(m => m.AreaList.OfType<LvArea>()))
                {
                    _mirrorOfImage[leg.Lv] = mirror;
                }
            }
        }
        return _mirrorOfImage.TryGetValue(image, out LogicalVolume? owner) && CopyPercent(vg, owner) is 100.0;
    }
}
