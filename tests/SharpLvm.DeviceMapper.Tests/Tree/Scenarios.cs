using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Trace;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Tree;

/// <summary>The seed's stacks as states and desired states, shared by planner, checker and executor tests.</summary>
internal static class Scenarios
{
    public static string DataFile(string name) =>
        Path.Combine(TestPaths.RepoRoot, "tests", "SharpLvm.DeviceMapper.Tests", "Trace", "Data", name);

    /// <summary>The seed's stage 2 (live tables only).</summary>
    public static DmState SeedStage2()
    {
        var withInactive = StateFile.Parse(File.ReadAllText(DataFile("seed-stage2.state")));
        return new DmState(withInactive.Devices.Select(d => d with { Inactive = null }));
    }

    /// <summary>Stage 2 → 3: the layer's legs and log move up into vg-lvol0; the layer is removed.</summary>
    public static DesiredState CollapseLayer() => new DesiredState()
        .Add("vg-lvol0", Table.Parse("0 4096 mirror disk 2 253:1 1024 3 253:2 0 253:3 0 253:6 0"), flags: NodeFlags.SkipReloadWhenEquivalent | NodeFlags.NoFlush)
        .Remove("vg-lvol0_mimagetmp_2");

    /// <summary>A two-leg mirror with a disk log, as lvcreate leaves it (the traces' start state, on major 253).</summary>
    public static DmState TwoLegMirror() => StateFile.Parse("""
        vg-lvol0_mlog 253:0: 0 8192 linear 252:48 2048
        vg-lvol0_mimage_0 253:1: 0 32768 linear 252:0 2048
        vg-lvol0_mimage_1 253:2: 0 32768 linear 252:16 2048
        vg-lvol0 253:3: 0 32768 mirror disk 2 253:0 4096 2 253:1 0 253:2 0 1 handle_errors
        """);

    /// <summary>lvconvert -m+1's layer insertion in ONE change: a new mirror layer over the old legs and log, a new leg, a core-log top.</summary>
    public static DesiredState InsertLayer() => new DesiredState()
        .Add("vg-lvol0_mimagetmp_2", Table.Parse("0 32768 mirror disk 2 253:0 4096 2 253:1 0 253:2 0 1 handle_errors"))
        .Add("vg-lvol0_mimage_2", Table.Parse("0 32768 linear 252:32 2048"))
        .Add("vg-lvol0", Table.Parse("0 32768 mirror core 1 4096 2 /dev/mapper/vg-lvol0_mimagetmp_2 0 /dev/mapper/vg-lvol0_mimage_2 0 1 handle_errors"),
            flags: NodeFlags.SkipReloadWhenEquivalent | NodeFlags.NoFlush);

    /// <summary>A fake engine holding <paramref name="state"/>'s live tables.</summary>
    public static FakeDeviceMapper Engine(DmState state)
    {
        var dm = new FakeDeviceMapper();
        foreach (var d in state.Devices)
        {
            dm.Create(d.Name, d.Uuid, d.Number);
        }
        foreach (var d in state.Devices.Where(d => d.Live is not null))
        {
            dm.Load(d.Name, d.Live!);
            dm.Resume(d.Name);
        }
        dm.Journal.Clear();
        return dm;
    }

    public static int IndexOf(Plan plan, StepKind kind, string name) =>
        plan.Steps.ToList().FindIndex(s => s.Kind == kind && s.Name == DmName.Parse(name));
}
