using SharpLvm.DeviceMapper.Safety;
using SharpLvm.DeviceMapper.Tests.Tree;
using SharpLvm.DeviceMapper.Trace;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Trace;

public sealed class TraceVerifierTests
{
    private static TraceReport Seed(string log) =>
        TraceVerifier.VerifyFile(Scenarios.DataFile(log), Scenarios.DataFile("seed-stage2.state"));

    [Fact]
    public void SeedOrderingWithoutThePatchIsRejectedAtTheParentsResume()
    {
        var report = Seed("lvconvert-bad.log");
        var error = Assert.Single(report.Safety.Errors);
        Assert.Equal(SafetyRule.SharedExclusiveClaim, error.Rule);
        string[] lines = File.ReadAllLines(Scenarios.DataFile("lvconvert-bad.log"));
        Assert.Equal("Resuming vg-lvol0 (253:4)", lines[error.LineNumber!.Value - 1].Split("  ", 2)[1].Trim());
        Assert.Contains("vg-lvol0_mimagetmp_2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedOrderingWithThePatchIsAccepted()
    {
        var report = Seed("lvconvert-good.log");
        Assert.True(report.IsSafe, report.ToString());
        // 2008's libdm loaded tables while devices were suspended: warnings in trace mode, with their lines
        Assert.NotEmpty(report.Safety.Warnings);
        Assert.All(report.Safety.Warnings, w => Assert.Equal(SafetyRule.LoadWhileSuspended, w.Rule));
        Assert.All(report.Safety.Warnings, w => Assert.NotNull(w.LineNumber));
    }

    [Fact]
    public void OldStyleLogIsParsed()
    {
        var steps = TraceParser.Parse(File.ReadAllText(Scenarios.DataFile("lvconvert-good.log")));
        var load = steps.First(s => s.Step.Kind == StepKind.Load);
        Assert.Equal("vg-lvol0_mimage_1", steps[6].Step.Name.Value);
        Assert.Equal("vg-lvol0_mimagetmp_2", load.Step.Name.Value);
        Assert.Equal("0 4096 error", load.Step.Table!.ToString());
        Assert.Equal(10, load.LineNumber);
        Assert.Equal(6, steps.Count(s => s.Step.Kind == StepKind.Suspend));
    }

    public static TheoryData<string> RealTraces() => ["trace-lvchange-an", "trace-lvchange-ay", "trace-lvconvert-m+1", "trace-lvcreate-mirror"];

    [Theory]
    [MemberData(nameof(RealTraces))]
    public void RealLvm2TracesAreAccepted(string name)
    {
        var report = TraceVerifier.VerifyFile(TestPaths.SharedFile($"traces/{name}.vvvv.log"), TestPaths.SharedFile($"traces/{name}.state"));
        Assert.True(report.Violations.Count == 0, report.ToString());
        Assert.NotEmpty(report.Steps);
    }

    [Fact]
    public void RealConvertTraceYieldsTheIoctlSequence()
    {
        var report = TraceVerifier.VerifyFile(TestPaths.SharedFile("traces/trace-lvconvert-m+1.vvvv.log"), TestPaths.SharedFile("traces/trace-lvconvert-m+1.state"));
        // the mutating ioctls of README's list: 17 reloads are real (suppressed ones dropped)
        var kinds = report.Steps.Select(s => s.Step.Kind).ToList();
        Assert.Equal(2, kinds.Count(k => k == StepKind.Create));
        Assert.Equal(1, kinds.Count(k => k == StepKind.Remove));
        Assert.Equal(6, kinds.Count(k => k == StepKind.Load));
        var create = report.Steps.First(s => s.Step.Kind == StepKind.Create);
        Assert.Equal("254:4", create.Step.Number.ToString());
        Assert.Empty(report.Violations);
    }

    [Fact]
    public void StateFileKeepsInactiveTablesAndMultiTargetDevices()
    {
        var state = StateFile.Parse("""
            # comment
            vg-a 253:0: 0 100 linear 8:1 0
            vg-a 253:0: 100 50 linear 8:2 0
            inactive vg-a 253:0: 0 150 error
            suspended vg-b 253:1: 0 8 snapshot 253:0 8:3 P 8
            """);
        var a = state.Devices[0];
        Assert.Equal(2, a.Live!.Lines.Count);
        Assert.Equal("0 150 error", a.Inactive!.ToString());
        Assert.True(state.Devices[1].Suspended);
        Assert.IsType<OpaqueTarget>(state.Devices[1].Live!.Lines[0].Params);
        Assert.Equal(2, state.Devices[1].Live!.Claims.Count());
    }
}
