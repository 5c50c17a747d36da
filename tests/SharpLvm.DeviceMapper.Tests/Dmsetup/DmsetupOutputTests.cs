using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Dmsetup;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Dmsetup;

/// <summary>
/// Rebuilds each stage of the real traces (devices, numbers, uuids, tables) in our engine over empty disks
/// 252:0/16/32/48, resynchronises the mirrors, and compares our dmsetup output with the kernel's.
/// </summary>
public sealed class DmsetupOutputTests
{
    public static TheoryData<string, int> Stages()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in Directory.GetFiles(TestPaths.SharedFile("traces"), "*.stages.txt").Order(StringComparer.Ordinal))
        {
            int count = File.ReadLines(file).Count(l => l.StartsWith("====", StringComparison.Ordinal));
            for (int i = 0; i < count; i++)
            {
                data.Add(Path.GetFileName(file), i);
            }
        }
        return data;
    }

    private static Dictionary<string, List<string>> Stage(string file, int index)
    {
        var sections = new Dictionary<string, List<string>>();
        int stage = -1;
        List<string>? current = null;
        foreach (string line in File.ReadLines(TestPaths.SharedFile(Path.Combine("traces", file))))
        {
            if (line.StartsWith("====", StringComparison.Ordinal))
            {
                stage++;
                current = null;
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                current = stage == index ? sections[line[4..]] = [] : null;
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                current?.Add(line);
            }
        }
        return sections;
    }

    private static UserspaceDeviceMapper Rebuild(Dictionary<string, List<string>> stage, List<MemoryBlockDevice> disks)
    {
        var mapper = new UserspaceDeviceMapper(new EngineOptions { Major = 254, Resync = ResyncMode.Manual });
        for (uint minor = 0; minor < 64; minor += 16)
        {
            var disk = new MemoryBlockDevice(new Sectors(131072));
            disks.Add(disk);
            mapper.RegisterDevice(disk, new DeviceNumber(252, minor));
        }
        var rows = stage["dmsetup info -c"].Skip(1).Where(l => l.Contains(' ', StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var w in rows)
        {
            mapper.Create(DmName.Parse(w[0]), DmUuid.Parse(w[7]), new DeviceNumber(uint.Parse(w[1]), uint.Parse(w[2])));
        }
        var tables = stage["dmsetup table"].Where(l => l.Contains(": ", StringComparison.Ordinal)).Select(l => l.Split(": ", 2)).GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => Table.Parse(string.Join('\n', g)));
        var pending = tables.Keys.ToList();
        var loaded = new HashSet<DeviceNumber>();
        while (pending.Count > 0)
        {
            string next = pending.First(n => tables[n].Claims.All(c => c.Device.Number!.Value.Major == 252 || loaded.Contains(c.Device.Number.Value)));
            var name = DmName.Parse(next);
            mapper.Load(name, tables[next]);
            mapper.Resume(name);
            mapper.Resync(name);
            loaded.Add(mapper.TryGetInfo(name)!.Number);
            pending.Remove(next);
        }
        return mapper;
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void OurOutputMatchesTheKernelsAtEveryStage(string file, int stageIndex)
    {
        var stage = Stage(file, stageIndex);
        var disks = new List<MemoryBlockDevice>();
        using var mapper = Rebuild(stage, disks);
        Assert.Equal(stage["dmsetup table"], DmsetupStatus.Table(mapper));
        Assert.Equal(stage["dmsetup status"], DmsetupStatus.Status(mapper));
        Assert.Equal(stage["dmsetup ls --tree"], DmsetupList.Tree(mapper));
        Assert.Equal(WithoutReplayedEvents(stage["dmsetup info -c"]), WithoutReplayedEvents(DmsetupInfo.Columns(mapper.List()), stage["dmsetup info -c"]));
    }

    /// <summary>
    /// Event numbers above 1 count history (reloads, earlier syncs) that rebuilding a stage does not replay:
    /// such cells are blanked in both outputs; 0 and 1 (the first sync) are compared.
    /// </summary>
    private static List<string> WithoutReplayedEvents(IReadOnlyList<string> lines, IReadOnlyList<string>? expected = null)
    {
        expected ??= lines;
        int from = expected[0].IndexOf("Event", StringComparison.Ordinal), to = expected[0].IndexOf("UUID", StringComparison.Ordinal);
        if (from < 0)
        {
            return [.. lines];
        }
        return [.. lines.Select((l, i) => i > 0 && i < expected.Count && uint.Parse(expected[i][from..to]) > 1
            ? l[..from] + new string(' ', to - from) + l[to..] : l)];
    }

    [Fact]
    public void LongInfoLsDepsAndTargets()
    {
        using var f = new Engine.EngineFixture();
        f.Create("lin", "0 100 linear 7:0 0\n100 100 linear 7:1 0", uuid: "LVM-abc");
        f.Mapper.Create(DmName.Parse("empty"));
        Assert.Equal(
            "Name:              lin\nState:             ACTIVE\nTables present:    LIVE\nOpen count:        0\nEvent number:      0\n" +
            "Major, minor:      253, 0\nNumber of targets: 2\nUUID: LVM-abc\n\n",
            DmsetupInfo.Long(f.Mapper.TryGetInfo(DmName.Parse("lin"))!));
        f.Mapper.Suspend(DmName.Parse("empty"));
        Assert.Contains("State:             SUSPENDED\nTables present:    None\n", DmsetupInfo.Long(f.Mapper.TryGetInfo(DmName.Parse("empty"))!), StringComparison.Ordinal);
        Assert.Equal(["empty\t(253:1)", "lin\t(253:0)"], DmsetupList.Ls(f.Mapper));
        Assert.Equal("2 dependencies\t: (7, 1) (7, 0)", DmsetupList.Deps(f.Mapper, DmName.Parse("lin")));
        Assert.Contains("mirror           v1.14.0", DmsetupList.Targets(f.Mapper.Targets()));
        Assert.Equal(["0 100 linear ", "100 100 linear "], DmsetupStatus.Status(f.Mapper, DmName.Parse("lin")));
        Assert.Equal(["No devices found"], DmsetupList.Ls(new UserspaceDeviceMapper()));
    }

    [Fact]
    public void Utf8TreeUsesBoxDrawing()
    {
        using var f = new Engine.EngineFixture();
        f.Create("lin", "0 100 linear 7:0 0");
        f.Create("mir", "0 100 mirror core 2 64 nosync 2 7:1 0 7:2 0");
        f.Create("top", "0 100 linear 253:0 0");
        Assert.Equal(["mir (253:1)", " ├─ (7:2)", " └─ (7:1)", "top (253:2)", " └─lin (253:0)", "    └─ (7:0)"], DmsetupList.Tree(f.Mapper, utf8: true));
    }
}
