using SharpLvm.Tests.Operations;
using Xunit.Abstractions;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>(First crash, crash of the recovery) pairs that found a bug in the recovery, each run alone.</summary>
[Collection(SystemDirCollection.Name)]
public sealed class LiveRecoveryCrashRegressionTests(ITestOutputHelper output)
{
    /// <summary>
    /// lvextend dies right after suspending vg-lv (precommit whole, new table loaded). The recovery used to finish the
    /// resume walk first and commit after it: the application wrote into the new extent, the machine died before the
    /// commit, and the recovery after it dropped the precommit (nothing live on the fresh host) and lost those writes.
    /// </summary>
    [Fact]
    public void Recovery_commits_a_suspended_updates_precommit_before_resuming_its_devices()
    {
        LiveCrashScenario scenario = LiveCrashScenario.All.Single(s => s.Name == "lvextend -L+4M");
        LiveCrashHarness? harness = null;
        using var h = harness = new LiveCrashHarness
        {
            Points = k => k > 0 && harness!.Steps[(int)k - 1].What == "suspend vg-lv",
            // The machine dies at every step of the recovery: before the fix, right after its resume of vg-lv.
            SecondPoints = p => p.Kind == CrashKind.Machine,
        };
        var reports = h.Run(scenario, [CrashKind.Command]);
        var second = Assert.Single(h.RecoveryReports);
        output.WriteLine(second.Line);
        Assert.True(second.Problems.Count == 0, string.Join('\n', second.Problems));
        Assert.Equal(1, reports.Single().Tried);
        Assert.True(second.Tried >= 5, second.Line);
        Assert.Equal((second.Tried, 0), (second.Clean, second.Torn));
    }
}
