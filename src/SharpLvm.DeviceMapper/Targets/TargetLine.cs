using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>One line of a table: "start length type params".</summary>
public sealed record TargetLine(Sectors Start, Sectors Length, TargetParams Params)
{
    public Sectors End => Start + Length;

    /// <summary>Parses "0 4096 linear 8:49 384".</summary>
    public static TargetLine Parse(string line)
    {
        string[] words = line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 3)
        {
            throw new StorageException(ErrorCode.InvalidTable, $"Invalid table line \"{line}\": expected start, length, target type and parameters.");
        }
        var start = new Sectors(ParseSectors(words[0], "start", line));
        var length = new Sectors(ParseSectors(words[1], "length", line));
        if (length == Sectors.Zero)
        {
            throw new StorageException(ErrorCode.InvalidTable, $"Invalid table line \"{line}\": zero length.");
        }
        if (length.Value > ulong.MaxValue - start.Value)
        {
            throw new StorageException(ErrorCode.InvalidTable, $"Invalid table line \"{line}\": it ends past the last sector a table can address.");
        }
        var parameters = TargetRegistry.Parse(words[2], words.Length > 3 ? words[3] : "");
        parameters.Validate(length);
        return new TargetLine(start, length, parameters);
    }

    private static ulong ParseSectors(string word, string what, string line) =>
        ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new StorageException(ErrorCode.InvalidTable, $"Invalid table line \"{line}\": {what} \"{word}\" is not a sector count.");

    public bool IsEquivalentTo(TargetLine other) =>
        Start == other.Start && Length == other.Length && Params.IsEquivalentTo(other.Params);

    public override string ToString() => $"{Start} {Length} {Params}";
}
