using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Model;

namespace SharpLvm.Activation;

/// <summary>
/// What of one VG is active now: the host's devices whose uuid starts with <c>LVM-</c> + the VG id, indexed by
/// the lvid (VG id + LV id) their uuid carries.
/// </summary>
public sealed class LiveVgDevices
{
    private readonly Dictionary<string, DeviceInfo> _byLvid = new(StringComparer.Ordinal);

    private LiveVgDevices(IReadOnlyList<DeviceInfo> devices)
    {
        Devices = devices;
        foreach (DeviceInfo device in devices)
        {
            if (device.Uuid is { } uuid && LvDmNames.LvidOf(uuid) is { } lvid)
            {
                _byLvid.TryAdd(lvid, device);
            }
        }
    }

    /// <summary>Every device of the VG, ordered by name.</summary>
    public IReadOnlyList<DeviceInfo> Devices { get; }

    public static LiveVgDevices Read(IDeviceMapper dm, VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(dm);
        string prefix = LvDmNames.VgPrefix(vg);
        return new LiveVgDevices([.. dm.List().Where(d => d.Uuid is { } u && u.HasPrefix(prefix))]);
    }

    /// <summary>The device of <paramref name="lv"/> (found by its lvid, whatever uuid suffix it carries), or null.</summary>
    public DeviceInfo? Of(VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        return _byLvid.GetValueOrDefault(vg.Id.Raw + lv.Id.Raw);
    }

    /// <summary>The uuid the LV's device has now, else the one LVM2 would give it.</summary>
    public DmUuid UuidFor(VolumeGroup vg, LogicalVolume lv) => Of(vg, lv)?.Uuid ?? LvDmNames.Uuid(vg, lv);

    /// <summary>The visible LVs of <paramref name="vg"/> with a device: the ones a command keeps active.</summary>
    public IReadOnlyList<LogicalVolume> ActiveTopLvs(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        return [.. vg.LogicalVolumes.Where(lv => lv.IsVisible && Of(vg, lv) is not null)];
    }

    /// <summary>True when any LV of the VG has a device.</summary>
    public bool Any => Devices.Count > 0;
}
