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

    public static DmName MapperName(DeviceRef device) => DmName.Parse(device.Path![MapperPrefix.Length..]);

    /// <summary>The table with every /dev/mapper/NAME replaced by NAME's number (the same object when there is none).</summary>
    public static Table Resolve(Table table, DmName owner, Func<DmName, DeviceNumber?> numberOf)
    {
        if (!table.Claims.Any(c => NamesMapperDevice(c.Device)))
        {
            return table;
        }
        var lines = new List<TargetLine>(table.Lines.Count);
        foreach (var line in table.Lines)
        {
            if (!line.Params.Claims.Any(c => NamesMapperDevice(c.Device)))
            {
                lines.Add(line);
                continue;
            }
            string[] words = line.Params.FormatParams().Split(' ');
            for (int i = 0; i < words.Length; i++)
            {
                if (words[i].StartsWith(MapperPrefix, StringComparison.Ordinal))
                {
                    var name = DmName.Parse(words[i][MapperPrefix.Length..]);
                    words[i] = (numberOf(name) ?? throw new StorageException(ErrorCode.NotFound,
                        $"The desired table of {owner} uses {MapperPrefix}{name}, which neither exists nor is desired.")).ToString();
                }
            }
            var parameters = TargetRegistry.Parse(line.Params.TargetType, string.Join(' ', words));
            lines.Add(new TargetLine(line.Start, line.Length, parameters));
        }
        return new Table(lines);
    }
}
