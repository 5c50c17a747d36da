using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using static SharpLvm.DeviceMapper.Tests.Engine.EngineFixture;

namespace SharpLvm.DeviceMapper.Tests.Engine;

public sealed class ControlTests
{
    [Fact]
    public void CreatedDeviceHasNoTableIsActiveAndTakesTheLowestFreeMinor()
    {
        using var f = new EngineFixture();
        var a = f.Mapper.Create(N("a"));
        var b = f.Mapper.Create(N("b"));
        Assert.Equal(new DeviceNumber(253, 0), a.Number);
        Assert.Equal(new DeviceNumber(253, 1), b.Number);
        Assert.False(a.Suspended);
        Assert.False(a.HasLiveTable);
        f.Mapper.Remove(N("a"));
        Assert.Equal(new DeviceNumber(253, 0), f.Mapper.Create(N("c")).Number);
        Assert.Equal(ErrorCode.AlreadyExists, StorageExceptionCode(() => f.Mapper.Create(N("b"))));
    }

    private static ErrorCode StorageExceptionCode(Action action) => Assert.Throws<StorageException>(action).Code;

    [Fact]
    public void LoadGoesInactiveAndResumeMakesItLive()
    {
        using var f = new EngineFixture();
        f.Mapper.Create(N("lin"));
        f.Mapper.Load(N("lin"), Table.Parse("0 1024 linear /dev/loop1 2048"));
        var info = f.Mapper.TryGetInfo(N("lin"))!;
        Assert.True(info.HasInactiveTable);
        Assert.False(info.HasLiveTable);
        Assert.Null(f.Mapper.GetTable(N("lin")));
        Assert.Equal("0 1024 linear 7:1 2048", f.Mapper.GetTable(N("lin"), inactive: true)!.ToString());
        f.Mapper.Resume(N("lin"));
        info = f.Mapper.TryGetInfo(N("lin"))!;
        Assert.True(info.HasLiveTable);
        Assert.False(info.HasInactiveTable);
        Assert.Equal(1, info.TargetCount);
        Assert.Equal("0 1024 linear 7:1 2048", f.Mapper.GetTable(N("lin"))!.ToString());
        Assert.Equal([new DeviceNumber(7, 1)], f.Mapper.GetDependencies(N("lin")));
    }

    [Fact]
    public void WritesLandAtTheMappedSectorsOfTheUnderlyingDevice()
    {
        using var f = new EngineFixture();
        f.Create("lin", "0 1024 linear 7:1 2048\n1024 1024 linear 7:2 0");
        using var dev = f.Mapper.Open(N("lin"));
        Assert.Equal(2048UL, dev.Size.Value);
        var data = Pattern(1024 * 512, 1);
        dev.Write(new Sectors(512), data); // 512 sectors on 7:1, 512 on 7:2
        var back = new byte[data.Length];
        dev.Read(new Sectors(512), back);
        Assert.Equal(data, back);
        var onDisk1 = new byte[512 * 512];
        f.Disks[1].Read(new Sectors(2048 + 512), onDisk1);
        Assert.Equal(data.AsSpan(0, 512 * 512).ToArray(), onDisk1);
        var onDisk2 = new byte[512 * 512];
        f.Disks[2].Read(Sectors.Zero, onDisk2);
        Assert.Equal(data.AsSpan(512 * 512).ToArray(), onDisk2);
        Assert.Equal(ErrorCode.IoError, Assert.Throws<StorageException>(() => dev.Read(new Sectors(2047), new byte[1024])).Code);
    }

    [Theory]
    [InlineData("0 1024 linear 7:9 0", ErrorCode.NotFound, "7:9 not found")]
    [InlineData("0 1024 linear /dev/nothing 0", ErrorCode.NotFound, "/dev/nothing not found")]
    [InlineData("0 1024 linear 7:1 65000", ErrorCode.InvalidTable, "too small for target")]
    [InlineData("0 131072 striped 2 128 7:0 0 7:1 1", ErrorCode.InvalidTable, "too small for target")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 64000", ErrorCode.InvalidTable, "too small for target")]
    public void InvalidLoadsFailWithOneClearErrorAndChangeNothing(string table, ErrorCode code, string text)
    {
        using var f = new EngineFixture();
        f.Create("d", "0 100 zero");
        var before = f.Mapper.TryGetInfo(N("d"));
        var e = Assert.Throws<StorageException>(() => f.Mapper.Load(N("d"), Table.Parse(table)));
        Assert.Equal(code, e.Code);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Contains("d: table line 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, f.Mapper.TryGetInfo(N("d")));
    }

    [Fact]
    public void GapsAndOverlapsAreRefusedBeforeTheEngineSeesTheTable()
    {
        Assert.Equal(ErrorCode.InvalidTable, Assert.Throws<StorageException>(() => Table.Parse("0 10 zero\n11 10 zero")).Code);
        Assert.Equal(ErrorCode.InvalidTable, Assert.Throws<StorageException>(() => Table.Parse("0 10 zero\n9 10 zero")).Code);
    }

    [Fact]
    public void ATableMayNotMapOntoItsOwnDeviceOrCloseACycle()
    {
        using var f = new EngineFixture();
        f.Create("a", "0 100 linear 7:0 0");
        f.Create("b", "0 100 linear /dev/mapper/a 0");
        f.Create("c", "0 100 linear 253:1 0");
        var self = Assert.Throws<StorageException>(() => f.Mapper.Load(N("a"), Table.Parse("0 100 linear 253:0 0")));
        Assert.Contains("map onto itself", self.Message, StringComparison.Ordinal);
        var cycle = Assert.Throws<StorageException>(() => f.Mapper.Load(N("a"), Table.Parse("0 100 linear /dev/dm-2 0")));
        Assert.Contains("cycle: a -> c -> b -> a", cycle.Message, StringComparison.Ordinal);
        Assert.False(f.Mapper.TryGetInfo(N("a"))!.HasInactiveTable);
    }

    [Fact]
    public void TablesOpenTheDevicesTheyUseAndRemoveIsRefusedWhileOpen()
    {
        using var f = new EngineFixture();
        f.Create("low", "0 100 linear 7:0 0");
        f.Mapper.Create(N("top"));
        f.Mapper.Load(N("top"), Table.Parse("0 100 linear 253:0 0"));
        Assert.Equal(1, f.Mapper.TryGetInfo(N("low"))!.OpenCount); // an inactive table opens it too
        var busy = Assert.Throws<StorageException>(() => f.Mapper.Remove(N("low")));
        Assert.Equal(ErrorCode.Busy, busy.Code);
        Assert.Contains("inactive table of top", busy.Message, StringComparison.Ordinal);
        f.Mapper.ClearInactive(N("top"));
        Assert.Equal(0, f.Mapper.TryGetInfo(N("low"))!.OpenCount);
        using (f.Mapper.Open(N("low")))
        {
            Assert.Equal(1, f.Mapper.TryGetInfo(N("low"))!.OpenCount);
            Assert.Equal(ErrorCode.Busy, Assert.Throws<StorageException>(() => f.Mapper.Remove(N("low"))).Code);
        }
        f.Mapper.Remove(N("low"));
        Assert.Null(f.Mapper.TryGetInfo(N("low")));
    }

    [Fact]
    public void ForcedRemoveOfAnOpenDeviceSwapsInAnErrorTable()
    {
        using var f = new EngineFixture();
        f.Create("d", "0 100 linear 7:0 0");
        using var handle = f.Mapper.Open(N("d"));
        handle.Write(Sectors.Zero, new byte[512]);
        Assert.Equal(ErrorCode.Busy, Assert.Throws<StorageException>(() => f.Mapper.Remove(N("d"), force: true)).Code);
        Assert.Equal("0 100 error", f.Mapper.GetTable(N("d"))!.ToString());
        Assert.Throws<StorageException>(() => handle.Read(Sectors.Zero, new byte[512]));
        handle.Dispose();
        f.Mapper.Remove(N("d"));
    }

    [Fact]
    public void RenameKeepsTheNumberAndBumpsTheEventCounter()
    {
        using var f = new EngineFixture();
        var info = f.Create("old", "0 100 zero", uuid: "LVM-x");
        f.Mapper.Rename(N("old"), N("new"));
        Assert.Null(f.Mapper.TryGetInfo(N("old")));
        var renamed = f.Mapper.TryGetInfo(N("new"))!;
        Assert.Equal(info.Number, renamed.Number);
        Assert.Equal(1u, renamed.EventNumber);
        Assert.Equal(N("new"), f.Mapper.TryGetInfoByUuid(DmUuid.Parse("LVM-x"))!.Name);
        Assert.Equal(N("new"), f.Mapper.TryGetInfo(info.Number)!.Name);
    }

    [Fact]
    public void ResumeWithoutInactiveTableJustUnsuspendsAndSizeChangesAtResume()
    {
        using var f = new EngineFixture();
        f.Create("d", "0 100 linear 7:0 0");
        f.Mapper.Resume(N("d")); // nothing to do
        f.Mapper.Suspend(N("d"));
        Assert.True(f.Mapper.TryGetInfo(N("d"))!.Suspended);
        f.Mapper.Resume(N("d"));
        Assert.False(f.Mapper.TryGetInfo(N("d"))!.Suspended);
        using var handle = f.Mapper.Open(N("d"));
        f.Mapper.Load(N("d"), Table.Parse("0 200 linear 7:0 0"));
        Assert.Equal(100UL, handle.Size.Value);
        f.Mapper.Resume(N("d"));
        Assert.Equal(200UL, handle.Size.Value);
    }

    [Fact]
    public void ResumingASuspendedDeviceWithNoTableIsInvalid()
    {
        using var f = new EngineFixture();
        f.Mapper.Create(N("d"));
        f.Mapper.Suspend(N("d"));
        Assert.Equal(ErrorCode.InvalidState, Assert.Throws<StorageException>(() => f.Mapper.Resume(N("d"))).Code);
        using var handle = f.Mapper.Open(N("d"));
        f.Mapper.Load(N("d"), Table.Parse("0 8 zero"));
        f.Mapper.Resume(N("d"));
        handle.Read(Sectors.Zero, new byte[4096]);
    }

    [Fact]
    public void SuspendHoldsNewIoUntilResume()
    {
        using var f = new EngineFixture();
        f.Create("d", "0 100 linear 7:0 0");
        using var handle = f.Mapper.Open(N("d"));
        f.Mapper.Suspend(N("d"), flush: false);
        var write = new Thread(() => handle.Write(new Sectors(3), FilledSector(0x5a)));
        write.Start();
        Assert.False(write.Join(200));
        Assert.Equal(0, f.Disks[0].WriteCount);
        f.Mapper.Resume(N("d"));
        Assert.True(write.Join(5000));
        Assert.Equal(0x5a, f.Disks[0].ReadBytes(3 * 512, 1)[0]);
    }

    private static byte[] FilledSector(byte value)
    {
        var b = new byte[512];
        Array.Fill(b, value);
        return b;
    }

    [Fact]
    public void ListIsOrderedByNameAndTargetsListsEveryType()
    {
        using var f = new EngineFixture();
        f.Create("zz", "0 8 zero");
        f.Create("aa", "0 8 zero");
        Assert.Equal(["aa", "zz"], f.Mapper.List().Select(i => i.Name.Value));
        Assert.Equal(TargetRegistry.Known.Order(), f.Mapper.Targets().Select(t => t.Name).Order());
    }

    [Fact]
    public void ReadOnlyDevicesRefuseWrites()
    {
        using var f = new EngineFixture();
        f.Mapper.Create(N("ro"), readOnly: true);
        f.Mapper.Load(N("ro"), Table.Parse("0 8 linear 7:0 0"));
        f.Mapper.Resume(N("ro"));
        using var h = f.Mapper.Open(N("ro"));
        Assert.Equal(ErrorCode.IoError, Assert.Throws<StorageException>(() => h.Write(Sectors.Zero, new byte[512])).Code);
        Assert.True(f.Mapper.TryGetInfo(N("ro"))!.ReadOnly);
    }
}
