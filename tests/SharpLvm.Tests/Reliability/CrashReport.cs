using System.Globalization;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// What crashing one command at every write gave: the writes the command makes, the crash points tried
/// (clean stop after k writes for k = 0..writes, and a torn k-th write for k = 1..writes), how many read as the
/// old VG, the new VG, or neither (torn), and the problems found (empty when all is well).
/// </summary>
internal sealed record CrashReport(string Command, long Writes, int Tried, int Old, int New, int Torn, int Repaired, IReadOnlyList<string> Problems)
{
    /// <summary>The summary line the figures in the README come from.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"crash {Command,-13} writes {Writes,3}  points {Tried,3}  old {Old,3}  new {New,3}  torn {Torn}  repaired {Repaired,3}");
}
