using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.Format.Text;
using SharpLvm.Model;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Activation;

/// <summary>Names, uuids and tables from real LVM2 metadata compared with the tables real LVM2 loaded (shared/traces).</summary>
public sealed class LvTablesTraceTests
{
    private static readonly Dictionary<string, DeviceNumber> Disks = new()
    {
        ["/dev/vda"] = new(252, 0),
        ["/dev/vdb"] = new(252, 16),
        ["/dev/vdc"] = new(252, 32),
        ["/dev/vdd"] = new(252, 48),
    };

    [Theory]
    [InlineData("runB", "meta-before_lvconvert_-mp1.vg", 0)]
    [InlineData("runB", "meta-during_lvconvert_-mp1__transient__mimagetmp_layer__before_the_first_progress_check_.vg", 1)]
    [InlineData("runB", "meta-after_lvconvert_-mp1.vg", 2)]
    [InlineData("runA", "meta-before_lvconvert_-mp1.vg", 3)]
    [InlineData("runA", "meta-after_lvconvert_-mp1.vg", 4)]
    public void TablesOfEveryActiveLvMatchWhatLvm2Loaded(string run, string metaFile, int stage)
    {
        VolumeGroup vg = VgText.Parse(File.ReadAllText(TestPaths.SharedFile(Path.Combine("traces", "meta", run, metaFile))), metaFile);
        var (tables, numbers) = StageTables(stage);
        var builder = new LvTables(vg, pv => Disks[pv.DeviceHint!]);
        var lvs = vg.LogicalVolumes.Where(l => l.IsVisible).SelectMany(VgDesiredState.Stack).ToList();
        Assert.Equal(tables.Keys.Order(), lvs.Select(l => LvDmNames.Name(vg.Name, l.Name).Value).Order());
        foreach (LogicalVolume lv in lvs)
        {
            string name = LvDmNames.Name(vg.Name, lv.Name).Value;
            var table = builder.For(lv);
            var resolved = new Table([.. table.Lines.Select(l => l with
            {
                Params = l.Params.WithDevices(d => d.Path is { } p ? DeviceRef.Of(numbers[p["/dev/mapper/".Length..]]) : d),
            })]);
            Assert.Equal(tables[name], resolved.ToString());
        }
    }

    [Fact]
    public void UuidsCarryTheLvidsLvm2UsedAndTheRealSuffixOnHiddenMirrorParts()
    {
        VolumeGroup vg = VgText.Parse(File.ReadAllText(TestPaths.SharedFile(Path.Combine("traces", "meta", "runB", "meta-before_lvconvert_-mp1.vg"))));
        string stages = File.ReadAllText(TestPaths.SharedFile(Path.Combine("traces", "trace-lvconvert-m+1.stages.txt")));
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            var uuid = LvDmNames.Uuid(vg, lv);
            string lvid = LvDmNames.LvidOf(uuid)!;
            Assert.Contains("LVM-" + lvid, stages, StringComparison.Ordinal);
            Assert.Equal(lv.IsVisible ? "" : "-real", uuid.Value[LvDmNames.LvUuidLength..]);
        }
    }

    [Theory]
    [InlineData("vg", "lvol0", null, "vg-lvol0")]
    [InlineData("my-vg", "lv-1", "real", "my--vg-lv--1-real")]
    [InlineData("vg", "lvol0_mimage_0", null, "vg-lvol0_mimage_0")]
    [InlineData("a-b", "c", "_mlog", "a--b-c_mlog")]
    public void NamesDoubleHyphensAndSplitBack(string vg, string lv, string? layer, string expected)
    {
        Assert.Equal(expected, LvDmNames.Name(vg, lv, layer).Value);
        Assert.True(LvDmNames.TrySplit(expected, out string v, out string l, out string y));
        Assert.Equal(vg, v);
        Assert.Equal(layer is null ? lv : layer.StartsWith('_') ? lv + layer : lv, l);
        Assert.Equal(layer is null || layer.StartsWith('_') ? "" : layer, y);
    }

    /// <summary>The n-th "--- dmsetup table" section of the m+1 stages file, and device numbers from its "info -c" section.</summary>
    private static (Dictionary<string, string> Tables, Dictionary<string, DeviceNumber> Numbers) StageTables(int stage)
    {
        string[] lines = File.ReadAllLines(TestPaths.SharedFile(Path.Combine("traces", "trace-lvconvert-m+1.stages.txt")));
        var tables = new Dictionary<string, string>();
        var numbers = new Dictionary<string, DeviceNumber>();
        int seen = -1, tableSeen = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("--- dmsetup info", StringComparison.Ordinal) && ++seen == stage)
            {
                for (int j = i + 2; j < lines.Length && lines[j].StartsWith("vg-", StringComparison.Ordinal); j++)
                {
                    string[] w = lines[j].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    numbers[w[0]] = new DeviceNumber(uint.Parse(w[1], System.Globalization.CultureInfo.InvariantCulture), uint.Parse(w[2], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            if (lines[i].StartsWith("--- dmsetup table", StringComparison.Ordinal) && ++tableSeen == stage)
            {
                for (int j = i + 1; j < lines.Length && lines[j].StartsWith("vg-", StringComparison.Ordinal); j++)
                {
                    int colon = lines[j].IndexOf(": ", StringComparison.Ordinal);
                    tables[lines[j][..colon]] = lines[j][(colon + 2)..].TrimEnd();
                }
            }
        }
        Assert.NotEmpty(tables);
        Assert.NotEmpty(numbers);
        return (tables, numbers);
    }
}
