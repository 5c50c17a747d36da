using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// Desired tables may name a device that does not exist yet as <c>/dev/mapper/&lt;name&gt;</c> (libdm links
/// areas by node, not by number). Once the planner knows every device's number it rewrites those
/// references to "major:minor", as the kernel prints them.
/// </summary>
internal static class TableRefs
{
    public const string MapperPrefix = "/dev/mapper/";

    public static bool NamesMapperDevice(DeviceRef device) =>
        device.Path is { } p && p.StartsWith(MapperPrefix, StringComparison.Ordinal);

    /// <summary>The table with every /dev/mapper/NAME replaced by NAME's number (the same object when there is none).</summary>
    public static Table Resolve(Table table, DmName owner, Func<DmName, DeviceNumber?> numberOf)
    {
        var claims = table.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            if (NamesMapperDevice(claim.Device))
            {
                return Resolved(table, owner, numberOf);
            }
        }
        return table;
    }

    private static Table Resolved(Table table, DmName owner, Func<DmName, DeviceNumber?> numberOf)
    {
        DeviceRef Map(DeviceRef device)
        {
            if (!NamesMapperDevice(device))
            {
                return device;
            }
            var name = DmName.Parse(device.Path![MapperPrefix.Length..]);
            return DeviceRef.Of(numberOf(name) ?? throw new StorageException(ErrorCode.NotFound,
                $"The desired table of {owner} uses {device}, which neither exists nor is desired."));
        }
        return new Table([.. table.Lines.Select(l => l with { Params = l.Params.WithDevices(Map) })]);
    }
}
