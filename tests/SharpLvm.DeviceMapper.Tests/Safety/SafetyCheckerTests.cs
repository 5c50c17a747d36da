using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Safety;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tests.Tree;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Tests.Safety;

public sealed class SafetyCheckerTests
{
    private static PlanStep Step(StepKind kind, string name, string? table = null) =>
        new(kind, DmName.Parse(name), null, PlanPhase.Preload) { Table = table is null ? null : Table.Parse(table) };

    private static SafetyReport Check(IReadOnlyList<PlanStep> steps, CheckMode mode = CheckMode.Plan, ExpectedState? expected = null) =>
        SafetyChecker.Check(Scenarios.TwoLegMirror(), steps, mode, expected);

    private const string SecondMirror = "0 32768 mirror core 1 4096 2 253:1 0 253:2 0";

    [Fact]
    public void SecondLiveMirrorOverTheSameLegsIsRejectedAtItsResume()
    {
        var report = Check([Step(StepKind.Create, "vg-other"), Step(StepKind.Load, "vg-other", SecondMirror), Step(StepKind.Resume, "vg-other")]);
        var v = Assert.Single(report.Errors);
        Assert.Equal(SafetyRule.SharedExclusiveClaim, v.Rule);
        Assert.Equal(2, v.StepIndex);
        Assert.Contains("vg-lvol0 (253:3)", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SharingIsAllowedWhileTheOtherUserIsSuspended()
    {
        var report = Check([
            Step(StepKind.Create, "vg-other"), Step(StepKind.Load, "vg-other", SecondMirror), Step(StepKind.Load, "vg-lvol0", "0 32768 error"),
            Step(StepKind.Suspend, "vg-lvol0"), Step(StepKind.Resume, "vg-other"), Step(StepKind.Resume, "vg-lvol0")]);
        Assert.True(report.IsSafe, report.ToString());
    }

    [Fact]
    public void NonExclusiveSharingIsAllowed()
    {
        var report = Check([Step(StepKind.Create, "vg-lin"), Step(StepKind.Load, "vg-lin", "0 8 linear 252:0 0"), Step(StepKind.Resume, "vg-lin")]);
        Assert.Empty(report.Violations);
    }

    [Fact]
    public void LoadWhileSuspendedIsAnErrorInPlansAndAWarningInTraces()
    {
        PlanStep[] steps = [Step(StepKind.Suspend, "vg-lvol0"), Step(StepKind.Load, "vg-lvol0_mimage_0", "0 32768 linear 252:0 2048"), Step(StepKind.Resume, "vg-lvol0")];
        var plan = Check(steps);
        Assert.Equal(SafetyRule.LoadWhileSuspended, Assert.Single(plan.Errors).Rule);
        var trace = Check(steps, CheckMode.Trace);
        Assert.True(trace.IsSafe);
        Assert.Equal(1, Assert.Single(trace.Warnings).StepIndex);
    }

    [Fact]
    public void DeviceLeftSuspendedIsReported()
    {
        var v = Assert.Single(Check([Step(StepKind.Suspend, "vg-lvol0_mlog")]).Errors);
        Assert.Equal(SafetyRule.LeftSuspended, v.Rule);
        Assert.Equal(-1, v.StepIndex);
    }

    [Fact]
    public void RemovingAUsedDeviceAndResumingOverAMissingOneAreReported()
    {
        var removed = Check([Step(StepKind.Remove, "vg-lvol0_mimage_1")]);
        Assert.Contains(removed.Errors, v => v.Rule == SafetyRule.MissingDevice && v.Message.Contains("vg-lvol0 (253:3)", StringComparison.Ordinal));
        var missing = Check([Step(StepKind.Create, "vg-x"), Step(StepKind.Load, "vg-x", "0 8 linear 253:9 0"), Step(StepKind.Resume, "vg-x")]);
        Assert.All(missing.Errors, v => Assert.Equal(SafetyRule.MissingDevice, v.Rule));
        Assert.Equal(2, missing.Errors.Count());
    }

    [Fact]
    public void FinalStateIsComparedWithTheExpectedOne()
    {
        var expected = new ExpectedState()
            .Exists(DmName.Parse("vg-lvol0_mlog"), Table.Parse("0 8192 linear 252:48 2048"))
            .Exists(DmName.Parse("vg-lvol0_mimage_0"), Table.Parse("0 8 zero"))
            .Absent(DmName.Parse("vg-lvol0"))
            .Exists(DmName.Parse("vg-new"), Table.Parse("0 8 zero"));
        var report = Check([], expected: expected);
        Assert.Equal(3, report.Errors.Count());
        Assert.All(report.Errors, v => Assert.Equal(SafetyRule.FinalStateMismatch, v.Rule));
    }

    [Fact]
    public void StepOnAMissingDeviceIsInvalid()
    {
        Assert.Equal(SafetyRule.InvalidStep, Assert.Single(Check([Step(StepKind.Resume, "vg-none")]).Errors).Rule);
        Assert.Equal(SafetyRule.InvalidStep, Assert.Single(Check([Step(StepKind.Create, "vg-lvol0")]).Errors).Rule);
    }

    [Fact]
    public void ThePlanOfTheSeedChangePassesAnIndependentReplay()
    {
        var plan = Planner.Plan(Scenarios.SeedStage2(), Scenarios.CollapseLayer());
        Assert.Empty(SafetyChecker.Check(plan).Violations);
        // the same steps without the leaving device's load: the seed's bug, caught
        var buggy = plan.Steps.Where(s => !(s.Kind == StepKind.Load && s.Name.Value == "vg-lvol0_mimagetmp_2")).ToList();
        var report = SafetyChecker.Check(plan.Initial, buggy, CheckMode.Plan, plan.Expected);
        Assert.Contains(report.Errors, v => v.Rule == SafetyRule.SharedExclusiveClaim);
    }
}
