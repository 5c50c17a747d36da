using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Dmsetup;

/// <summary><c>dmsetup table</c> and <c>dmsetup status</c> over one device or all devices ("name: " prefixes when several).</summary>
public static class DmsetupStatus
{
    public static IReadOnlyList<string> Table(IDeviceMapper mapper, DmName? name = null, bool inactive = false)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Each(mapper, name, (n, prefix) =>
            mapper.GetTable(n, inactive) is { } table ? DmsetupTable.Lines(table, prefix) : []);
    }

    public static IReadOnlyList<string> Status(IDeviceMapper mapper, DmName? name = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Each(mapper, name, (n, prefix) => mapper.GetStatus(n).Select(l => prefix is null ? l : $"{prefix}: {l}"));
    }

    private static List<string> Each(IDeviceMapper mapper, DmName? name, Func<DmName, string?, IEnumerable<string>> lines)
    {
        if (name is { } one)
        {
            return [.. lines(one, null)];
        }
        var devices = mapper.List();
        return devices.Count == 0 ? [DmsetupList.NoDevices] : [.. devices.SelectMany(d => StillThere(() => lines(d.Name, d.Name.Value).ToList()))];
    }

    /// <summary>
    /// The lines of a device of the list, or none when it was removed (or renamed) since the list was taken: the
    /// list is one moment, each device's query a later one, and another command may change devices in between.
    /// </summary>
    internal static IEnumerable<string> StillThere(Func<IEnumerable<string>> lines)
    {
        try
        {
            return lines();
        }
        catch (StorageException e) when (e.Code == ErrorCode.NotFound)
        {
            return [];
        }
    }
}
