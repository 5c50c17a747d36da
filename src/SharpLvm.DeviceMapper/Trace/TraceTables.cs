using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Trace;

/// <summary>Reads target lines of logs and state files: known targets through the registry, others as <see cref="OpaqueTarget"/>.</summary>
internal static class TraceTables
{
    public static TargetLine ParseLine(string text, string where)
    {
        string[] words = text.Trim().Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3
            || !ulong.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong length))
        {
            throw new StorageException(ErrorCode.Corrupt, $"{where}: \"{text.Trim()}\" is not a target line (start length type params).");
        }
        string parameters = words.Length > 3 ? words[3].Trim() : "";
        TargetParams target = TargetRegistry.Known.Contains(words[2])
            ? TargetRegistry.Parse(words[2], parameters)
            : new OpaqueTarget(words[2], parameters);
        return new TargetLine(new Sectors(start), new Sectors(length), target);
    }

    public static Table Build(List<TargetLine> lines, string where)
    {
        try
        {
            return new Table(lines);
        }
        catch (StorageException e)
        {
            throw new StorageException(ErrorCode.Corrupt, $"{where}: {e.Message}", inner: e);
        }
    }
}
