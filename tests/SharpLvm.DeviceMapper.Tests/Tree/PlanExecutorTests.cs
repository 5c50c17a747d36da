using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Tests.Tree;

public sealed class PlanExecutorTests
{
    [Fact]
    public void ExecutedPlanReachesTheDesiredStateOnTheEngine()
    {
        var dm = Scenarios.Engine(Scenarios.TwoLegMirror());
        var plan = Planner.Plan(dm, Scenarios.InsertLayer());
        new PlanExecutor(dm).Execute(plan);

        var live = dm.LiveTables();
        Assert.Equal("0 32768 mirror core 1 4096 2 253:4 0 253:5 0 1 handle_errors", live["vg-lvol0"]);
        Assert.Equal("0 32768 mirror disk 2 253:0 4096 2 253:1 0 253:2 0 1 handle_errors", live["vg-lvol0_mimagetmp_2"]);
        Assert.Equal("0 32768 linear 252:32 2048", live["vg-lvol0_mimage_2"]);
        Assert.False(dm.AnySuspended);
    }

    [Fact]
    public void ANewDeviceWhosePlannedNumberWasTakenMeanwhileGetsAnotherAndItsHoldersUseIt()
    {
        var dm = Scenarios.Engine(Scenarios.TwoLegMirror());
        var plan = Planner.Plan(dm, Scenarios.InsertLayer());
        var creates = plan.Steps.Where(s => s.Kind == StepKind.Create).ToList();
        Assert.Equal(2, creates.Count);
        // Another VG's command creates its devices between this plan and its execution, taking both numbers.
        foreach (var (step, i) in creates.Select((s, i) => (s, i)))
        {
            dm.Create(DmName.Parse($"other-lv{i}"), null, step.Number);
        }
        var lines = new List<string>();
        new PlanExecutor(dm, (_, t) => lines.Add(t)).Execute(plan);

        var live = dm.LiveTables();
        var layer = dm.TryGetInfo(DmName.Parse("vg-lvol0_mimagetmp_2"))!.Number;
        var leg = dm.TryGetInfo(DmName.Parse("vg-lvol0_mimage_2"))!.Number;
        Assert.DoesNotContain(layer, creates.Select(c => c.Number));
        Assert.DoesNotContain(leg, creates.Select(c => c.Number));
        Assert.Equal($"0 32768 mirror core 1 4096 2 {layer} 0 {leg} 0 1 handle_errors", live["vg-lvol0"]);
        Assert.Contains(lines, l => l.Contains("was taken by other-lv", StringComparison.Ordinal));
        Assert.False(dm.AnySuspended);
    }

    [Fact]
    public void CollapseThenRemovesTheLayerOnTheEngine()
    {
        var dm = Scenarios.Engine(Scenarios.SeedStage2());
        new PlanExecutor(dm).Execute(Planner.Plan(dm, Scenarios.CollapseLayer()));
        var live = dm.LiveTables();
        Assert.False(live.ContainsKey("vg-lvol0_mimagetmp_2"));
        Assert.Equal("0 4096 mirror disk 2 253:1 1024 3 253:2 0 253:3 0 253:6 0", live["vg-lvol0"]);
        Assert.Equal("remove vg-lvol0_mimagetmp_2", dm.Journal[^1]);
    }

    [Fact]
    public void StepsAreLoggedInLvm2Words()
    {
        var dm = Scenarios.Engine(Scenarios.SeedStage2());
        var lines = new List<(DmLogLevel Level, string Text)>();
        new PlanExecutor(dm, (level, text) => lines.Add((level, text)), DmLogLevel.Debug).Execute(Planner.Plan(dm, Scenarios.CollapseLayer()));
        var text = lines.Select(l => l.Text).ToList();
        Assert.Contains("Loading table for vg-lvol0_mimagetmp_2 (253:5).", text);
        Assert.Contains("Adding target to (253:5): 0 4096 error", text);
        Assert.Contains("Suspending vg-lvol0 (253:4)", text); // mirrors: noflush
        Assert.Contains("Resuming vg-lvol0 (253:4).", text);
        Assert.Contains("Removing vg-lvol0_mimagetmp_2 (253:5)", text);
        Assert.All(lines.Where(l => l.Text.StartsWith("Adding target", StringComparison.Ordinal)), l => Assert.Equal(DmLogLevel.Debug, l.Level));

        var quiet = new List<string>();
        var dm2 = Scenarios.Engine(Scenarios.SeedStage2());
        new PlanExecutor(dm2, (_, t) => quiet.Add(t)).Execute(Planner.Plan(dm2, Scenarios.CollapseLayer()));
        Assert.DoesNotContain(quiet, t => t.StartsWith("Adding target", StringComparison.Ordinal));
    }

    [Fact]
    public void SuspendOfAPlainDeviceFlushes()
    {
        var dm = Scenarios.Engine(Scenarios.TwoLegMirror());
        var desired = new DesiredState().Add("vg-lvol0_mimage_1", DeviceMapper.Targets.Table.Parse("0 32768 linear 252:16 4096"));
        var lines = new List<string>();
        new PlanExecutor(dm, (_, t) => lines.Add(t)).Execute(Planner.Plan(dm, desired));
        Assert.Contains("Suspending vg-lvol0 (253:3) with device flush", lines);
        Assert.True(lines.IndexOf("Suspending vg-lvol0 (253:3) with device flush") < lines.IndexOf("Suspending vg-lvol0_mimage_1 (253:2) with device flush"));
    }

    [Fact]
    public void FailedLoadRevertsCreatedDevicesAndLoadedTables()
    {
        var dm = Scenarios.Engine(Scenarios.TwoLegMirror());
        var before = dm.LiveTables();
        var plan = Planner.Plan(dm, Scenarios.InsertLayer());
        dm.FailLoadOf = DmName.Parse("vg-lvol0");

        var e = Assert.Throws<StorageException>(() => new PlanExecutor(dm).Execute(plan));
        Assert.Equal(ErrorCode.IoError, e.Code);
        Assert.Equal(before, dm.LiveTables());
        Assert.All(dm.List(), i => Assert.False(i.HasInactiveTable, i.Name.Value));
        Assert.Contains("remove vg-lvol0_mimagetmp_2", dm.Journal);
        Assert.Contains("remove vg-lvol0_mimage_2", dm.Journal);
    }

    [Fact]
    public void FailedLoadOfAnExistingDeviceClearsTheTablesLoadedBefore()
    {
        var dm = Scenarios.Engine(Scenarios.SeedStage2());
        var plan = Planner.Plan(dm, Scenarios.CollapseLayer());
        dm.FailLoadOf = DmName.Parse("vg-lvol0");
        Assert.Throws<StorageException>(() => new PlanExecutor(dm).Execute(plan));
        Assert.Contains("clear vg-lvol0_mimagetmp_2", dm.Journal);
        Assert.All(dm.List(), i => Assert.False(i.HasInactiveTable || i.Suspended, i.Name.Value));
    }

    [Fact]
    public void UnsafePlanIsNotExecuted()
    {
        var dm = Scenarios.Engine(Scenarios.SeedStage2());
        var desired = new DesiredState().Remove("vg-lvol0_mlog");
        var plan = Planner.Plan(dm, desired, new PlannerOptions { RefuseUnsafe = false });
        Assert.False(plan.Safety.IsSafe, plan + "\n" + plan.Safety);
        Assert.Throws<StorageException>(() => new PlanExecutor(dm).Execute(plan));
        Assert.Empty(dm.Journal);
    }
}
