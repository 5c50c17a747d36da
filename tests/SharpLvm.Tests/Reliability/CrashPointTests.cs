using SharpLvm.Tests.Operations;
using Xunit.Abstractions;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// Issue 7's crash points: every command crashed after each of its writes (and with its k-th write torn)
/// reads back as exactly the old or the new VG, and the next <c>vgck --updatemetadata</c> mends the copies.
/// The summary line of each command is printed, and appended to <c>$SHARPLVM_RELIABILITY_REPORT</c> when set
/// (bench/reliability.sh makes the README's table from it).
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class CrashPointTests(ITestOutputHelper output)
{
    public static TheoryData<string> Commands => [.. CrashScenario.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_crash_at_any_write_leaves_the_old_or_the_new_vg(string command)
    {
        CrashScenario scenario = CrashScenario.All.Single(s => s.Name == command);
        using var harness = new CrashHarness();
        CrashReport report = harness.Run(scenario);
        output.WriteLine(report.Line);
        if (Environment.GetEnvironmentVariable("SHARPLVM_RELIABILITY_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, [report.Line]);
        }
        Assert.True(report.Problems.Count == 0, string.Join('\n', report.Problems.Take(20)));
        Assert.Equal((2 * report.Writes) + 1, report.Tried);
        Assert.Equal(report.Tried, report.Old + report.New);
        Assert.True(report.Old > 0 && report.New > 0, report.Line);
    }
}
