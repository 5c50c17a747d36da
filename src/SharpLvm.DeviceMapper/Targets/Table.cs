using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>A whole table: target lines that cover [0, Size) with no gap and no overlap.</summary>
public sealed class Table : IEquatable<Table>
{
    public Table(IReadOnlyList<TargetLine> lines)
    {
        if (lines.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidTable, "Empty table: a table needs at least one target.");
        }
        var expected = Sectors.Zero;
        foreach (var line in lines)
        {
            if (line.Start != expected)
            {
                string what = line.Start > expected ? "a gap" : "an overlap";
                throw new StorageException(ErrorCode.InvalidTable,
                    $"Invalid table: {what} at sector {expected}: target \"{line}\" starts at {line.Start}.");
            }
            expected = line.End;
        }
        Lines = lines;
        Size = expected;
    }

    public IReadOnlyList<TargetLine> Lines { get; }

    public Sectors Size { get; }

    /// <summary>A one-target table.</summary>
    public static Table Single(Sectors length, TargetParams parameters) => new([new TargetLine(Sectors.Zero, length, parameters)]);

    /// <summary>Parses lines as <c>dmsetup load</c> reads them; blank lines and '#' comments are skipped.</summary>
    public static Table Parse(string text)
    {
        var lines = new List<TargetLine>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            lines.Add(TargetLine.Parse(line));
        }
        return new Table(lines);
    }

    private IReadOnlyList<DeviceClaim>? _claims;

    /// <summary>Every device claim of every line, in order (computed once: a table does not change).</summary>
    public IReadOnlyList<DeviceClaim> Claims => _claims ??= Lines.Count == 1 ? Lines[0].Params.Claims : [.. Lines.SelectMany(l => l.Params.Claims)];

    /// <summary>True when loading <paramref name="other"/> instead of this table would change nothing.</summary>
    public bool IsEquivalentTo(Table other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (Lines.Count != other.Lines.Count)
        {
            return false;
        }
        for (int i = 0; i < Lines.Count; i++)
        {
            if (!Lines[i].IsEquivalentTo(other.Lines[i]))
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(Table? other) => other is not null && ToString() == other.ToString();

    public override bool Equals(object? obj) => Equals(obj as Table);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The table as <c>dmsetup table</c> prints it (one line per target, no trailing newline).</summary>
    public override string ToString() => string.Join('\n', Lines);
}
