using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Tests.Tree;

public sealed class PlannerTests
{
    [Fact]
    public void CollapsedLayerGetsErrorTableBeforeFirstSuspendAndResumesBeforeItsParent()
    {
        var plan = Planner.Plan(Scenarios.SeedStage2(), Scenarios.CollapseLayer());

        var layer = plan.Tree.Find(DmName.Parse("vg-lvol0_mimagetmp_2"))!;
        Assert.True(layer.Has(NodeFlags.LeavingStack | NodeFlags.RemoveAfterResume));
        int load = Scenarios.IndexOf(plan, StepKind.Load, "vg-lvol0_mimagetmp_2");
        int firstSuspend = plan.Steps.ToList().FindIndex(s => s.Kind == StepKind.Suspend);
        Assert.InRange(load, 0, firstSuspend - 1);
        Assert.Equal("0 4096 error", plan.Steps[load].Table!.ToString());
        Assert.True(Scenarios.IndexOf(plan, StepKind.Resume, "vg-lvol0_mimagetmp_2") < Scenarios.IndexOf(plan, StepKind.Resume, "vg-lvol0"));
        Assert.Equal(StepKind.Remove, plan.Steps[^1].Kind);
        Assert.Equal("vg-lvol0_mimagetmp_2", plan.Steps[^1].Name.Value);
        Assert.True(plan.Safety.IsSafe, plan.Safety.ToString());
        Assert.Empty(plan.Safety.Violations);
    }

    [Fact]
    public void NoLoadAfterTheFirstSuspend()
    {
        var plan = Planner.Plan(Scenarios.TwoLegMirror(), Scenarios.InsertLayer());
        int firstSuspend = plan.Steps.ToList().FindIndex(s => s.Kind == StepKind.Suspend);
        Assert.True(firstSuspend > 0);
        Assert.DoesNotContain(plan.Steps.Skip(firstSuspend), s => s.Kind is StepKind.Load or StepKind.Create);
    }

    [Fact]
    public void NewLayerOverLiveLegsIsPrimedWithErrorTableInsteadOfResumedEarly()
    {
        var plan = Planner.Plan(Scenarios.TwoLegMirror(), Scenarios.InsertLayer());

        var layer = plan.Tree.Find(DmName.Parse("vg-lvol0_mimagetmp_2"))!;
        Assert.True(layer.Has(NodeFlags.PrimeWithErrorTable));
        Assert.False(layer.Has(NodeFlags.ResumeEarly));
        var leg = plan.Tree.Find(DmName.Parse("vg-lvol0_mimage_2"))!;
        Assert.True(leg.Has(NodeFlags.ResumeEarly)); // a new linear leg with a parent: libdm resumes it in preload
        var layerSteps = plan.Steps.Where(s => s.Name.Value == "vg-lvol0_mimagetmp_2").Select(s => s.Kind).ToList();
        Assert.Equal([StepKind.Create, StepKind.Load, StepKind.Resume, StepKind.Load, StepKind.Resume], layerSteps);
        Assert.Equal("0 32768 mirror core 1 4096 2 253:4 0 253:5 0 1 handle_errors",
            plan.Steps[Scenarios.IndexOf(plan, StepKind.Load, "vg-lvol0")].Table!.ToString());
        Assert.True(plan.Safety.IsSafe, plan.Safety.ToString());
    }

    [Fact]
    public void SuspendIsTopDownAndResumeBottomUp()
    {
        var plan = Planner.Plan(Scenarios.SeedStage2(), Scenarios.CollapseLayer());
        var suspends = plan.Steps.Where(s => s.Kind == StepKind.Suspend).Select(s => s.Name.Value).ToList();
        Assert.Equal(["vg-lvol0", "vg-lvol0_mimagetmp_2"], suspends);
        Assert.All(plan.Steps.Where(s => s.Kind == StepKind.Suspend), s => Assert.False(s.Flush && s.Name.Value == "vg-lvol0"));
        var resumes = plan.Steps.Where(s => s.Kind == StepKind.Resume).Select(s => s.Name.Value).ToList();
        Assert.Equal(["vg-lvol0_mimagetmp_2", "vg-lvol0"], resumes);
    }

    [Fact]
    public void IdenticalTableIsNotReloaded()
    {
        var state = Scenarios.TwoLegMirror();
        var lvol0 = state.TryGet(DmName.Parse("vg-lvol0"))!;
        var desired = new DesiredState().Add(lvol0.Name.Value, Table.Parse(lvol0.Live!.ToString()));
        var plan = Planner.Plan(state, desired);
        Assert.Empty(plan.Steps);
        Assert.True(plan.Tree.Find(lvol0.Name)!.Has(NodeFlags.Unchanged));
    }

    [Fact]
    public void DeactivationRemovesParentsBeforeChildrenWithoutLoads()
    {
        var state = Scenarios.TwoLegMirror();
        var desired = new DesiredState();
        foreach (var d in state.Devices)
        {
            desired.Remove(d.Name);
        }
        var plan = Planner.Plan(state, desired);
        Assert.All(plan.Steps, s => Assert.Equal(StepKind.Remove, s.Kind));
        Assert.Equal("vg-lvol0", plan.Steps[0].Name.Value);
        Assert.Equal(4, plan.Steps.Count);
        Assert.True(plan.Safety.IsSafe);
    }

    [Fact]
    public void ActivationCreatesChildrenFirstAndResumesTheTopLast()
    {
        var desired = new DesiredState();
        foreach (var d in Scenarios.TwoLegMirror().Devices.Reverse())
        {
            desired.Add(new DesiredDevice(d.Name, null, d.Live!, Number: d.Number));
        }
        var plan = Planner.Plan(DmState.Empty, desired);
        Assert.Equal("vg-lvol0", plan.Steps[^1].Name.Value);
        Assert.Equal(StepKind.Resume, plan.Steps[^1].Kind);
        Assert.True(Scenarios.IndexOf(plan, StepKind.Create, "vg-lvol0_mlog") < Scenarios.IndexOf(plan, StepKind.Create, "vg-lvol0"));
        Assert.DoesNotContain(plan.Steps, s => s.Kind == StepKind.Suspend);
        Assert.True(plan.Safety.IsSafe, plan.Safety.ToString());
    }

    [Fact]
    public void RenameKeepsTheDeviceAndItsNumber()
    {
        var state = Scenarios.TwoLegMirror();
        var old = state.TryGet(DmName.Parse("vg-lvol0_mimage_1"))!;
        var renamed = new DeviceSnapshot(old.Name, DmUuid.Parse("LVM-leg1"), old.Number, old.Live, null);
        state = new DmState(state.Devices.Select(d => d.Name == old.Name ? renamed : d));
        var desired = new DesiredState().Add("vg-lvol0_mimage_9", old.Live!, uuid: "LVM-leg1");
        var plan = Planner.Plan(state, desired);
        var step = Assert.Single(plan.Steps, s => s.Kind == StepKind.Rename);
        Assert.Equal("vg-lvol0_mimage_9", step.NewName!.Value.Value);
        Assert.True(plan.Safety.IsSafe, plan.Safety.ToString());
    }

    [Fact]
    public void DesiredTableNamingAMissingDeviceIsRefused()
    {
        var desired = new DesiredState().Add("vg-x", Table.Parse("0 8 linear /dev/mapper/vg-nothing 0"));
        var e = Assert.Throws<StorageException>(() => Planner.Plan(DmState.Empty, desired));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Contains("vg-nothing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingADeviceAKeptTableStillUsesIsRefusedAsUnsafe()
    {
        var desired = new DesiredState().Remove("vg-lvol0_mimage_0");
        var e = Assert.Throws<StorageException>(() => Planner.Plan(Scenarios.TwoLegMirror(), desired));
        Assert.Equal(ErrorCode.Unsafe, e.Code);
        Assert.Contains("vg-lvol0_mimage_0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RootListsTopLevelNodesInInsertionOrder()
    {
        var tree = DeviceTree.Build(Scenarios.SeedStage2(), Scenarios.CollapseLayer());
        Assert.Equal(["vg-lvol0"], tree.Root.Uses.Select(l => l.Node.Name!.Value.Value));
        var lvol0 = tree.Find(DmName.Parse("vg-lvol0"))!;
        // live links first (DM_TABLE_DEPS), then the desired table's new children
        Assert.Equal(["vg-lvol0_mimagetmp_2", "vg-lvol0_mimage_2", "vg-lvol0_mlog", "vg-lvol0_mimage_0", "vg-lvol0_mimage_1"],
            lvol0.Uses.Select(l => l.Node.Name!.Value.Value));
        Assert.Equal(LinkKind.Live, lvol0.Uses[0].Kind);
        Assert.Equal(LinkKind.Live | LinkKind.Desired, lvol0.Uses[1].Kind);
        Assert.All(lvol0.Uses, l => Assert.Contains(l.Node.UsedBy, u => ReferenceEquals(u.Node, lvol0)));
    }
}
