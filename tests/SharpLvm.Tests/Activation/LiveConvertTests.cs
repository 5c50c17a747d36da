using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Trace;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Activation;

/// <summary>lvconvert on active LVs: data kept, legs identical, live tables = metadata, each step's log checked by verify-trace.</summary>
[Collection(SystemDirCollection.Name)]
public sealed class LiveConvertTests
{
    private static readonly VgName Vg = ActivationHarness.Vg;

    public static TheoryData<string, string, int, string> Conversions => new()
    {
        // create args, convert request, legs afterwards, a table fragment afterwards
        { "--type mirror -m2", "-m-1", 2, "mirror disk 2 " },
        { "--type mirror -m1", "-m0", 1, "linear " },
        { "linear", "--type mirror -m1", 2, "mirror disk 2 " },
        { "--type mirror -m1", "-y --mirrorlog core", 2, "mirror core 1 " },
        { "--type mirror -m1 --mirrorlog core", "--mirrorlog disk", 2, "mirror disk 2 " },
        { "--type mirror -m1 --mirrorlog core", "-m+1", 3, "mirror core 1 4096 3 " },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void ConversionOfAnActiveLvKeepsItsDataAndEndsWithTheMetadatasTables(string create, string convert, int legs, string fragment)
    {
        using var h = new ActivationHarness();
        h.Cli.Ok(["lvcreate", .. create == "linear" ? [] : create.Split(' '), "-L", "8M", "-n", "lv", "vg"]);
        LvActivation.Change(h.Context, Vg, ["lv"], activate: true, h.Host, new LvOutput(), h.Options);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-lv"), TimeSpan.FromMinutes(1)));
        byte[] data = new byte[8 << 20];
        new Random(11).NextBytes(data);
        using (var dev = h.Host.Engine.Open(DmName.Parse("vg-lv")))
        {
            dev.Write(Sectors.Zero, data);
            dev.Flush();
        }
        string start = h.StateText();
        h.ClearLog();
        var output = new LvOutput();
        LiveMirrorConvert.Convert(h.Context, Vg, "lv", Request(convert), h.Host, output, h.Options);
        Assert.Contains("Logical volume vg/lv converted.", output.Info);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-lv"), TimeSpan.FromMinutes(1)));

        var report = TraceVerifier.Verify(h.Log, start);
        Assert.True(report.IsSafe, report + "\n" + h.Log);
        Assert.Equal(h.ExpectedTables("lv"), h.LiveTables());
        Assert.Contains(fragment, h.LiveTables()["vg-lv"], StringComparison.Ordinal);
        Assert.True(h.ReadDevice("vg-lv").AsSpan().SequenceEqual(data));
        var vg = h.ReadVg();
        var images = vg.LogicalVolumes.Where(l => l.Name.Value.StartsWith("lv_mimage_", StringComparison.Ordinal)).ToList();
        Assert.Equal(legs == 1 ? 0 : legs, images.Count);
        foreach (var image in images)
        {
            Assert.True(h.ReadDevice(LvDmNames.Name(vg.Name, image.Name).Value).AsSpan().SequenceEqual(data), image.Name.Value);
        }
    }

    [Fact]
    public void ANewLogOnTheExtentsOfAnOldOneIsZeroedSoTheNewLegIsCopied()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "lv", "vg");
        LvActivation.Change(h.Context, Vg, ["lv"], activate: true, h.Host, new LvOutput(), h.Options);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-lv"), TimeSpan.FromMinutes(1)));
        var oldLog = h.ReadVg().FindLv("lv_mlog")!.Segments[0].AreaList[0];
        // Down to linear: the disk log's extents are free again, still holding a log with every region in sync.
        LiveMirrorConvert.Convert(h.Context, Vg, "lv", Request("-m0"), h.Host, new LvOutput(), h.Options);
        byte[] data = new byte[8 << 20];
        new Random(12).NextBytes(data);
        using (var dev = h.Host.Engine.Open(DmName.Parse("vg-lv")))
        {
            dev.Write(Sectors.Zero, data);
            dev.Flush();
        }
        LiveMirrorConvert.Convert(h.Context, Vg, "lv", Request("--type mirror -m1"), h.Host, new LvOutput(), h.Options);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-lv"), TimeSpan.FromMinutes(1)));

        var vg = h.ReadVg();
        Assert.Equal(oldLog.ToString(), vg.FindLv("lv_mlog")!.Segments[0].AreaList[0].ToString());
        foreach (var image in vg.LogicalVolumes.Where(l => l.Name.Value.StartsWith("lv_mimage_", StringComparison.Ordinal)))
        {
            Assert.True(h.ReadDevice(LvDmNames.Name(vg.Name, image.Name).Value).AsSpan().SequenceEqual(data), image.Name.Value);
        }
    }

    [Fact]
    public void AConversionPendingInTheMetadataCompletesOnActivation()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "lvol0", "vg");
        // Inactive: only the metadata changes (as LVM2 leaves it): lvol0 = core mirror [lvol0_mimagetmp_2, lvol0_mimage_2].
        string converting = h.Cli.Ok("lvconvert", "-m+1", "vg/lvol0");
        Assert.Contains("being converted", converting, StringComparison.Ordinal);
        Assert.NotNull(h.ReadVg().FindLv("lvol0_mimagetmp_2"));

        var output = new LvOutput();
        LvActivation.Change(h.Context, Vg, ["lvol0"], activate: true, h.Host, output, h.Options);
        Assert.Contains("Logical volume vg/lvol0 converted.", output.Info);
        var vg = h.ReadVg();
        Assert.Null(vg.FindLv("lvol0_mimagetmp_2"));
        Assert.Equal(3, ((MirrorSegment)vg.FindLv("lvol0")!.Segments[0]).MirrorCount);
        Assert.Equal(h.ExpectedTables("lvol0"), h.LiveTables());
        Assert.True(TraceVerifier.Verify(h.Log).IsSafe);
    }

    private static LvConvertMirrorRequest Request(string convert)
    {
        string[] w = convert.Split(' ');
        int i = Array.IndexOf(w, "--mirrorlog");
        bool? core = i < 0 ? null : w[i + 1] == "core";
        bool yes = w.Contains("-y");
        int m = Array.FindIndex(w, x => x.StartsWith("-m", StringComparison.Ordinal));
        if (m < 0)
        {
            return new LvConvertMirrorRequest { Mirrors = 0, Sign = SizeSign.Plus, CoreLog = core, Yes = yes };
        }
        string n = w[m][2..];
        var sign = n[0] switch { '+' => SizeSign.Plus, '-' => SizeSign.Minus, _ => SizeSign.None };
        return new LvConvertMirrorRequest
        {
            Mirrors = int.Parse(n.TrimStart('+', '-'), System.Globalization.CultureInfo.InvariantCulture),
            Sign = sign,
            TypeMirror = convert.Contains("--type mirror", StringComparison.Ordinal),
            CoreLog = core,
            Yes = yes,
        };
    }
}
