using BenchmarkDotNet.Attributes;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Safety;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.Benchmarks;

/// <summary>
/// Plan (and check: the planner replays every plan on the safety model) trees of three-leg mirrors with
/// disk logs, five devices each: activation from nothing, and a change of every mirror's table (a leg
/// swapped for a new one, the old leg leaving the stack and removed) against a live state.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private DesiredState _activate = null!;
    private DmState _live = null!;
    private DesiredState _swapLeg = null!;
    private Plan _plan = null!;

    /// <summary>Devices in the tree (mirrors × 5).</summary>
    [Params(10_000, 50_000, 100_000)]
    public int Devices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int mirrors = Devices / 5;
        _activate = Desired(mirrors, swapped: false);
        _live = Planner.Plan(DmState.Empty, _activate).Safety.Final;
        _swapLeg = Desired(mirrors, swapped: true);
        foreach (int i in Enumerable.Range(0, mirrors))
        {
            _swapLeg.Remove($"vg-lv{i}_mimage_2");
        }
        _plan = Planner.Plan(_live, _swapLeg);
    }

    [Benchmark]
    public int PlanActivation() => Planner.Plan(DmState.Empty, _activate).Steps.Count;

    [Benchmark]
    public int PlanLegSwap() => Planner.Plan(_live, _swapLeg).Steps.Count;

    [Benchmark]
    public int CheckLegSwap() => SafetyChecker.Check(_plan).Violations.Count;

    /// <summary>Mirror i: legs _mimage_0.._2 (or _0, _1, _3 when swapped), disk log _mlog.</summary>
    public static DesiredState Desired(int mirrors, bool swapped)
    {
        var desired = new DesiredState();
        const ulong size = 8192;
        for (int i = 0; i < mirrors; i++)
        {
            string lv = $"vg-lv{i}";
            ulong pvOffset = (ulong)i * size;
            int[] legs = swapped ? [0, 1, 3] : [0, 1, 2];
            desired.Add(new DesiredDevice(DmName.Parse($"{lv}_mlog"), null, Table.Single(new(8), new LinearTarget(DeviceRef.Parse("8:48"), new(pvOffset))), NodeFlags.SkipReloadWhenEquivalent));
            foreach (int leg in legs)
            {
                desired.Add(new DesiredDevice(DmName.Parse($"{lv}_mimage_{leg}"), null,
                    Table.Single(new(size), new LinearTarget(DeviceRef.Parse($"8:{leg * 16}"), new(pvOffset))), NodeFlags.SkipReloadWhenEquivalent));
            }
            string mirror = $"0 {size} mirror disk 2 /dev/mapper/{lv}_mlog 64 3 {string.Join(' ', legs.Select(l => $"/dev/mapper/{lv}_mimage_{l} 0"))} 1 handle_errors";
            desired.Add(new DesiredDevice(DmName.Parse(lv), null, Table.Parse(mirror), NodeFlags.SkipReloadWhenEquivalent | NodeFlags.NoFlush));
        }
        return desired;
    }
}
