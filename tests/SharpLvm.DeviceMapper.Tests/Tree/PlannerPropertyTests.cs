using System.Globalization;
using CsCheck;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Tests.Tree;

/// <summary>
/// Generated stacks (linear, striped, mirrors with disk and core logs, layers nested up to depth 4) and
/// sequences of 1–3 changes (add/remove legs, insert/remove a layer, extend, reduce, deactivate, activate,
/// convert to mirror): every plan passes the checker and, executed, gives exactly the desired live tables.
/// SHARPLVM_PROPERTY_ITER sets the number of cases (default 1,000).
/// </summary>
public sealed class PlannerPropertyTests
{
    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("SHARPLVM_PROPERTY_ITER"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 1_000;

    [Fact]
    public void EveryPlanIsSafeAndReachesTheDesiredState() =>
        Gen.Int[0, int.MaxValue].Sample(seed => { RunCase(seed); }, iter: Iterations);

    /// <summary>The same against the userspace engine (PVs 8:16..8:64 in memory, manual resync): its own refusals count too.</summary>
    [Fact]
    public void EveryPlanRunsOnTheUserspaceEngine() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            using var engine = new UserspaceDeviceMapper(new EngineOptions { Resync = ResyncMode.Manual });
            var pvs = Enumerable.Range(1, 4).Select(i => new MemoryBlockDevice(new Sectors(1UL << 24))).ToList();
            try
            {
                for (int i = 0; i < pvs.Count; i++)
                {
                    engine.RegisterDevice(pvs[i], new DeviceNumber(8, (uint)(16 * (i + 1))));
                }
                RunCase(seed, engine);
            }
            finally
            {
                engine.Dispose();
                pvs.ForEach(p => p.Dispose());
            }
        }, iter: Math.Max(1, Iterations / 5));

    [Fact]
    public void FixedSeedsCoverEveryChange()
    {
        var seen = new HashSet<string>();
        for (int seed = 0; seed < 300; seed++)
        {
            foreach (string change in RunCase(seed))
            {
                seen.Add(change.Split(' ')[0] + (change.Contains("layer", StringComparison.Ordinal) ? " layer" : change.Contains("leg", StringComparison.Ordinal) ? " leg" : ""));
            }
        }
        Assert.Superset(new HashSet<string> { "add leg", "remove leg", "insert layer", "remove layer", "extend", "reduce", "deactivate", "activate", "convert" }, seen);
    }

    private static List<string> RunCase(int seed) => RunCase(seed, new FakeDeviceMapper());

    private static List<string> RunCase(int seed, IDeviceMapper dm)
    {
        var random = new Random(seed);
        var world = new StackWorld(random);
        var changes = new List<string>();
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            world.Volumes.Add(world.NewVolume(4));
        }
        Apply(dm, world, [], $"seed {seed}: activate");
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            var before = world.Devices.Select(d => d.Name).ToHashSet();
            string change = world.Change();
            changes.Add(change);
            Apply(dm, world, before, $"seed {seed}: {string.Join(", ", changes)}");
        }
        return changes;
    }

    private static void Apply(IDeviceMapper dm, StackWorld world, HashSet<string> before, string what)
    {
        var desired = world.Desired();
        var now = world.Devices.Select(d => d.Name).ToHashSet();
        foreach (string gone in before.Where(n => !now.Contains(n)))
        {
            desired.Remove(gone);
        }
        var plan = Planner.Plan(dm, desired, new PlannerOptions { RefuseUnsafe = false });
        if (!plan.Safety.IsSafe)
        {
            Assert.Fail($"{what}: unsafe plan\n{plan}\n{plan.Safety}");
        }
        new PlanExecutor(dm).Execute(plan);

        var live = dm.List().ToDictionary(i => i.Name.Value, i => dm.GetTable(i.Name)?.ToString());
        Assert.Equal(now.Order(StringComparer.Ordinal), live.Keys.Order(StringComparer.Ordinal));
        var numbers = dm.List().ToDictionary(i => i.Name.Value, i => i.Number.ToString());
        foreach (var device in world.Devices)
        {
            string expected = device.TableText();
            foreach (var (name, number) in numbers)
            {
                expected = expected.Replace($"/dev/mapper/{name} ", $"{number} ", StringComparison.Ordinal);
            }
            Assert.True(expected == live[device.Name], $"{what}: {device.Name} is \"{live[device.Name]}\", expected \"{expected}\"\n{plan}");
        }
        Assert.DoesNotContain(dm.List(), i => i.Suspended);
    }
}
