using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Dmsetup;

/// <summary><c>dmsetup table</c> and <c>dmsetup status</c> lines: "start len type params", always a space after the type.</summary>
public static class DmsetupTable
{
    /// <summary>One table line exactly as <c>dmsetup table</c> prints it (flakey's trailing space kept).</summary>
    public static string Line(TargetLine line) => $"{line.Start} {line.Length} {line.Params.TargetType} {line.Params.FormatParams()}";

    /// <summary>The table's lines, each prefixed with "name: " when several devices are listed.</summary>
    public static IEnumerable<string> Lines(Table table, string? prefix = null) =>
        table.Lines.Select(l => prefix is null ? Line(l) : $"{prefix}: {Line(l)}");
}
