using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Activation;

/// <summary>Activation and changes of active LVs over image files: afterwards the live tables are the metadata's.</summary>
[Collection(SystemDirCollection.Name)]
public sealed class LiveLvTests
{
    private static readonly VgName Vg = ActivationHarness.Vg;

    [Fact]
    public void LvrenameOfAnActiveLvRenamesItsDevicesWithTheMetadata()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "lin", "vg");
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "mir", "vg");
        var output = new LvOutput();
        LvActivation.ChangeVg(h.Context, Vg, activate: true, h.Host, output, h.Options);
        var number = h.Host.TryGetInfo(DmName.Parse("vg-lin"))!.Number;

        LiveLvChange.Rename(h.Context, Vg, "lin", LvName.Parse("moved"), h.Host, output, h.Options);
        LiveLvChange.Rename(h.Context, Vg, "mir", LvName.Parse("mirror2"), h.Host, output, h.Options);
        Assert.Null(h.ReadVg().FindLv("lin"));
        Assert.Equal(number, h.Host.TryGetInfo(DmName.Parse("vg-moved"))!.Number);
        Assert.Null(h.Host.TryGetInfo(DmName.Parse("vg-lin")));
        Assert.Equal(h.ExpectedTables("moved", "mirror2"), h.LiveTables());
        Assert.Contains("vg-mirror2_mimage_0", h.LiveTables().Keys);
    }

    [Fact]
    public void ActivateExtendReduceDeactivateAndRemoveKeepLiveTablesEqualToTheMetadata()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "lin", "vg");
        h.Cli.Ok("lvcreate", "-i2", "-L", "8M", "-n", "str", "vg");
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "mir", "vg");
        var output = new LvOutput();
        LvActivation.ChangeVg(h.Context, Vg, activate: true, h.Host, output, h.Options);
        Assert.Contains("3 logical volume(s) in volume group \"vg\" now active", output.Info);
        Assert.Equal(h.ExpectedTables("lin", "str", "mir"), h.LiveTables());
        Assert.Contains("mirror disk 2 ", h.LiveTables()["vg-mir"], StringComparison.Ordinal);

        byte[] data = new byte[8 << 20];
        new Random(3).NextBytes(data);
        using (var dev = h.Host.Engine.Open(DmName.Parse("vg-lin")))
        {
            dev.Write(Sectors.Zero, data);
            dev.Flush();
        }

        LiveLvChange.Resize(h.Context, Vg, "lin", new LvResizeRequest { Size = SizeSpec.ParseSize("+4M"), Mode = ResizeMode.Extend }, h.Host, output, h.Options);
        Assert.Equal(h.ExpectedTables("lin", "str", "mir"), h.LiveTables());
        Assert.Equal(12 << 20, h.ReadDevice("vg-lin").Length);
        Assert.True(h.ReadDevice("vg-lin").AsSpan(0, data.Length).SequenceEqual(data));

        LiveLvChange.Resize(h.Context, Vg, "lin", new LvResizeRequest { Size = SizeSpec.ParseSize("-8M"), Mode = ResizeMode.Reduce }, h.Host, output, h.Options);
        Assert.Equal(h.ExpectedTables("lin", "str", "mir"), h.LiveTables());
        Assert.True(h.ReadDevice("vg-lin").AsSpan().SequenceEqual(data.AsSpan(0, 4 << 20)));

        LvActivation.Change(h.Context, Vg, ["mir"], activate: false, h.Host, output, h.Options);
        Assert.Equal(h.ExpectedTables("lin", "str"), h.LiveTables());

        var busy = Assert.Throws<StorageException>(() => LiveLvChange.Remove(h.Context, Vg, "str", force: false, h.Host, output, h.Options));
        Assert.Equal(ErrorCode.Busy, busy.Code);
        Assert.NotNull(h.ReadVg().FindLv("str"));
        LiveLvChange.Remove(h.Context, Vg, "str", force: true, h.Host, output, h.Options);
        Assert.Null(h.ReadVg().FindLv("str"));
        Assert.Equal(h.ExpectedTables("lin"), h.LiveTables());

        LvActivation.Change(h.Context, Vg, ["mir"], activate: true, h.Host, output, h.Options);
        Assert.Equal(h.ExpectedTables("lin", "mir"), h.LiveTables());
        LvActivation.ChangeVg(h.Context, Vg, activate: false, h.Host, output, h.Options);
        Assert.Empty(h.LiveTables());
    }

    [Fact]
    public void MirrorActivationCreatesDevicesInLvm2sOrderWithItsNumbersAndTables()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "16M", "-n", "lvol0", "vg");
        LvActivation.Change(h.Context, Vg, ["lvol0"], activate: true, h.Host, new LvOutput(), h.Options);
        // trace-lvchange-ay.ioctls.txt: create/reload/resume mlog, mimage_0, mimage_1, then lvol0 (254:0 … 254:3).
        string[] expected = File.ReadAllLines(TestSupport.TestPaths.SharedFile(Path.Combine("traces", "trace-lvchange-ay.ioctls.txt")))
            .Where(l => !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => $"{w[3]} {w[4]}").ToArray();
        string[] ours = h.LogLines.Select(l => l[(l.IndexOf("  ", StringComparison.Ordinal) + 2)..])
            .Select(m => m.StartsWith("Creating ", StringComparison.Ordinal) ? "create " + m[9..]
                : m.StartsWith("Loading table for ", StringComparison.Ordinal) ? "reload " + m[18..m.IndexOf(' ', 18)]
                : m.StartsWith("Resuming ", StringComparison.Ordinal) ? "resume " + m[9..m.IndexOf(' ', 9)] : null)
            .OfType<string>().ToArray();
        Assert.Equal(expected, ours);
        var live = h.LiveTables();
        Assert.Equal("0 32768 mirror disk 2 253:0 4096 2 253:1 0 253:2 0 1 handle_errors", live["vg-lvol0"]);
        Assert.Equal(LvDmNames.Uuid(h.ReadVg(), h.ReadVg().FindLv("lvol0_mlog")!), h.Host.TryGetInfo(DmName.Parse("vg-lvol0_mlog"))!.Uuid);
    }

    [Fact]
    public void ALoadThatFailsMidwayLeavesTheOldLiveStateAndTheOldMetadata()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "lvol0", "vg");
        LvActivation.Change(h.Context, Vg, ["lvol0"], activate: true, h.Host, new LvOutput(), h.Options);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-lvol0"), TimeSpan.FromMinutes(1)));
        ulong seqno = h.ReadVg().Seqno;
        var before = h.LiveTables();
        var faulty = new FaultyHost(h.Host) { FailLoad = (name, _) => name.Value == "vg-lvol0" };
        var e = Assert.Throws<StorageException>(() => LiveMirrorConvert.Convert(h.Context, Vg, "lvol0",
            new LvConvertMirrorRequest { Mirrors = 1, Sign = SizeSign.Plus }, faulty, new LvOutput(), h.Options));
        Assert.Contains("Injected fault", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, faulty.FailedLoads);
        Assert.Equal(before, h.LiveTables());
        Assert.All(h.Host.List(), d => Assert.False(d.Suspended || d.HasInactiveTable, d.Name.Value));
        var vg = h.ReadVg();
        Assert.Equal(seqno, vg.Seqno);
        Assert.Null(vg.FindLv("lvol0_mimagetmp_2"));
        Assert.False(ActiveVgRecovery.Recover(h.Context, Vg, h.Host, h.Options));

        // The same conversion succeeds afterwards.
        LiveMirrorConvert.Convert(h.Context, Vg, "lvol0", new LvConvertMirrorRequest { Mirrors = 1, Sign = SizeSign.Plus }, h.Host, new LvOutput(), h.Options);
        Assert.Equal(h.ExpectedTables("lvol0"), h.LiveTables());
        Assert.Contains(" 3 253:", h.LiveTables()["vg-lvol0"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UpdatePoint.Suspended, true)]
    [InlineData(UpdatePoint.Precommitted, false)]
    public void ACrashBetweenPrecommitAndCommitIsRecoveredByTheNextCommand(UpdatePoint crashAt, bool rolledForward)
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "lin", "vg");
        LvActivation.Change(h.Context, Vg, ["lin"], activate: true, h.Host, new LvOutput(), h.Options);
        ulong seqno = h.ReadVg().Seqno;
        var crashing = h.Options with { CrashAt = p => { if (p == crashAt) { throw new InvalidOperationException("crash"); } } };
        Assert.Throws<InvalidOperationException>(() => LiveLvChange.Resize(h.Context, Vg, "lin",
            new LvResizeRequest { Size = SizeSpec.ParseSize("+4M"), Mode = ResizeMode.Extend }, h.Host, new LvOutput(), crashing));
        Assert.Equal(seqno, h.ReadVg().Seqno);

        // The next command (here: activation of the same LV) resolves the precommitted copy first.
        h.ClearLog();
        LvActivation.Change(h.Context, Vg, ["lin"], activate: true, h.Host, new LvOutput(), h.Options);
        Assert.Contains(h.LogLines, l => l.Contains(rolledForward ? "committing precommitted metadata" : "dropping precommitted metadata", StringComparison.Ordinal));
        var vg = h.ReadVg();
        Assert.Equal(rolledForward ? seqno + 1 : seqno, vg.Seqno);
        Assert.Equal((rolledForward ? 12UL : 8UL) << 20, vg.FindLv("lin")!.ExtentCount.Value * vg.ExtentSize.Bytes);
        Assert.Equal(h.ExpectedTables("lin"), h.LiveTables());
        Assert.False(ActiveVgRecovery.Recover(h.Context, Vg, h.Host, h.Options));
    }
}
