using System.Globalization;
using SharpLvm.Tests.Operations;
using Xunit.Abstractions;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// Issue 7's crash points of live changes: each command on an active LV, under an application writing to it,
/// crashed at every step (metadata write stopped or torn, device-mapper operation), as a command crash (the
/// daemon keeps its devices) and as a machine crash. By default every fourth point runs (a deterministic
/// subset, offset by the command); <c>SHARPLVM_LIVE_CRASH_ALL=1</c> runs them all. After each first crash point, the
/// recovery itself is crashed at its own steps (both crash kinds) and recovered again: by default about one such pair
/// in 24 of the points tried, all of them with <c>SHARPLVM_LIVE_CRASH_ALL=1</c>, one in n with
/// <c>SHARPLVM_LIVE_RECOVERY_STRIDE=n</c>. Summary lines are printed
/// and appended to <c>$SHARPLVM_RELIABILITY_REPORT</c> when set (bench/reliability.sh makes the README table).
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class LiveCrashPointTests(ITestOutputHelper output)
{
    private const int Stride = 4;

    /// <summary>Of the first crash points tried, one (first, second) pair in this many crashes the recovery in the default run.</summary>
    private const int DefaultSecondStride = 32;

    public static TheoryData<string> Commands => [.. LiveCrashScenario.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_crash_at_any_step_of_a_live_change_is_settled_by_the_next_command(string command)
    {
        LiveCrashScenario scenario = LiveCrashScenario.All.Single(s => s.Name == command);
        bool all = Environment.GetEnvironmentVariable("SHARPLVM_LIVE_CRASH_ALL") == "1";
        int offset = LiveCrashScenario.All.ToList().IndexOf(scenario) % Stride;
        // SHARPLVM_LIVE_CRASH_ALL=1 crashes the recovery at every step too; SHARPLVM_LIVE_RECOVERY_STRIDE=n takes 1 pair in n.
        int secondStride = int.TryParse(Environment.GetEnvironmentVariable("SHARPLVM_LIVE_RECOVERY_STRIDE"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n
            : all ? 1 : DefaultSecondStride;
        int candidates = 0;
        using var harness = new LiveCrashHarness
        {
            Points = k => all || k % Stride == offset,
            // Every n-th pair in the order they come up: each command gets its share (the recovery's steps do not depend on timing).
            SecondPoints = _ => candidates++ % secondStride == 0,
        };
        var reports = harness.Run(scenario, [CrashKind.Command, CrashKind.Machine]);
        string subset = (all ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  (subset 1/{Stride})"))
            + (secondStride == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  (recovery crashes: 1 pair in {secondStride})"));
        Report([.. reports.Select(r => r.Line), .. harness.RecoveryReports.Select(r => r.Line)], subset);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{candidates} (first, second) pairs to choose from"));
        var problems = reports.SelectMany(r => r.Problems).Concat(harness.RecoveryReports.SelectMany(r => r.Problems)).ToList();
        problems.ForEach(output.WriteLine);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(8)));
        foreach (var report in reports)
        {
            Assert.Equal(0, report.Torn);
            Assert.Equal(report.Tried, report.Clean);
            Assert.True(report.Old > 0 && report.New > 0, report.Line);
        }
        foreach (var report in harness.RecoveryReports)
        {
            Assert.Equal(0, report.Torn);
            Assert.Equal(report.Tried, report.Clean);
        }
    }

    private void Report(IEnumerable<string> lines, string subset)
    {
        foreach (string line in lines)
        {
            output.WriteLine(line);
            if (Environment.GetEnvironmentVariable("SHARPLVM_RELIABILITY_REPORT") is { Length: > 0 } file)
            {
                File.AppendAllLines(file, [line + subset]);
            }
        }
    }
}
