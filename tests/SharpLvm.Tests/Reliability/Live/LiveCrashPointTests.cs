using System.Globalization;
using SharpLvm.Tests.Operations;
using Xunit.Abstractions;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// Issue 7's crash points of live changes: each command on an active LV, under an application writing to it,
/// crashed at every step (metadata write stopped or torn, device-mapper operation), as a command crash (the
/// daemon keeps its devices) and as a machine crash. By default every fourth point runs (a deterministic
/// subset, offset by the command); <c>SHARPLVM_LIVE_CRASH_ALL=1</c> runs them all. Summary lines are printed
/// and appended to <c>$SHARPLVM_RELIABILITY_REPORT</c> when set (bench/reliability.sh makes the README table).
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class LiveCrashPointTests(ITestOutputHelper output)
{
    private const int Stride = 4;

    public static TheoryData<string> Commands => [.. LiveCrashScenario.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_crash_at_any_step_of_a_live_change_is_settled_by_the_next_command(string command)
    {
        LiveCrashScenario scenario = LiveCrashScenario.All.Single(s => s.Name == command);
        bool all = Environment.GetEnvironmentVariable("SHARPLVM_LIVE_CRASH_ALL") == "1";
        int offset = LiveCrashScenario.All.ToList().IndexOf(scenario) % Stride;
        using var harness = new LiveCrashHarness { Points = k => all || k % Stride == offset };
        var reports = harness.Run(scenario, [CrashKind.Command, CrashKind.Machine]);
        foreach (var report in reports)
        {
            output.WriteLine(report.Line);
            if (Environment.GetEnvironmentVariable("SHARPLVM_RELIABILITY_REPORT") is { Length: > 0 } file)
            {
                File.AppendAllLines(file, [report.Line + (all ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  (subset 1/{Stride})"))]);
            }
        }
        var problems = reports.SelectMany(r => r.Problems).ToList();
        problems.ForEach(output.WriteLine);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(8)));
        foreach (var report in reports)
        {
            Assert.Equal(0, report.Torn);
            Assert.Equal(report.Tried, report.Clean);
            Assert.True(report.Old > 0 && report.New > 0, report.Line);
        }
    }
}
