using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tests.Engine;
using SharpLvm.DeviceMapper.Units;
using static SharpLvm.DeviceMapper.Tests.Engine.EngineFixture;

namespace SharpLvm.DeviceMapper.Tests.Mirror;

public sealed class MirrorTests
{
    private const int Regions = 8;
    private const int RegionSectors = 256;
    private const int Length = Regions * RegionSectors;

    private static byte[] Leg(EngineFixture f, int disk) => f.Disks[disk].ReadBytes(0, Length * 512);

    [Fact]
    public void RecoveryAfterWritesWhileOutOfSyncMakesLegsIdenticalAndTheDiskLogClean()
    {
        using var f = new EngineFixture();
        f.Disks[0].WriteBytes(0, Pattern(Length * 512, 1));
        f.Disks[1].WriteBytes(0, Pattern(Length * 512, 2));
        f.Create("m", $"0 {Length} mirror disk 2 7:3 {RegionSectors} 2 7:0 0 7:1 0 1 handle_errors");
        Assert.Equal($"0 {Length} mirror 2 7:0 7:1 0/{Regions} 1 AA 3 disk 7:3 A", f.Mapper.GetStatus(N("m")).Single());
        var data = Pattern(3 * RegionSectors * 512, 3);
        using (var dev = f.Mapper.Open(N("m")))
        {
            dev.Write(new Sectors(RegionSectors / 2), data); // regions 0-3, all out of sync: default leg only
            var back = new byte[data.Length];
            dev.Read(new Sectors(RegionSectors / 2), back);
            Assert.Equal(data, back);
        }
        Assert.NotEqual(Leg(f, 0), Leg(f, 1));
        Assert.True(f.Mapper.ResyncStep(N("m")));
        Assert.StartsWith($"0 {Length} mirror 2 7:0 7:1 1/{Regions}", f.Mapper.GetStatus(N("m")).Single(), StringComparison.Ordinal);
        f.Mapper.Resync(N("m"));
        Assert.Equal(Leg(f, 0), Leg(f, 1));
        Assert.Equal($"0 {Length} mirror 2 7:0 7:1 {Regions}/{Regions} 1 AA 3 disk 7:3 A", f.Mapper.GetStatus(N("m")).Single());
        Assert.Equal(1u, f.Mapper.TryGetInfo(N("m"))!.EventNumber); // the first full sync
        f.Mapper.Suspend(N("m"));
        var log = DiskRegionLog.Inspect(f.Disks[3], Regions)!.Value;
        Assert.Equal(DiskLogHeader.For(Regions), log.Header);
        Assert.All(log.Clean, Assert.True);
        var raw = f.Disks[3].ReadBytes(0, 1032);
        Assert.Equal(new byte[] { 0x72, 0x52, 0x69, 0x4D, 2, 0, 0, 0, Regions, 0, 0, 0, 0, 0, 0, 0 }, raw[..16]);
        Assert.Equal(0xFF, raw[1024]);
        Assert.Equal(0, raw[1025]);
    }

    [Fact]
    public void AWriteMarksItsRegionDirtyOnDiskBeforeDataAndCleaningRecordsItClean()
    {
        using var f = new EngineFixture();
        f.Create("m", $"0 {Length} mirror disk 3 7:3 {RegionSectors} nosync 2 7:0 0 7:1 0");
        Assert.All(DiskRegionLog.Inspect(f.Disks[3], Regions)!.Value.Clean, Assert.True);
        using (var dev = f.Mapper.Open(N("m")))
        {
            dev.Write(new Sectors(5 * RegionSectors), Pattern(4096, 9));
        }
        var dirty = DiskRegionLog.Inspect(f.Disks[3], Regions)!.Value.Clean;
        Assert.False(dirty[5]);
        Assert.Equal(Regions - 1, dirty.Count(c => c));
        Assert.Equal(Leg(f, 0), Leg(f, 1));
        f.Mapper.ResyncStep(N("m")); // one worker pass: the finished region is written clean
        Assert.All(DiskRegionLog.Inspect(f.Disks[3], Regions)!.Value.Clean, Assert.True);
    }

    [Fact]
    public void ADirtyRegionLeftInTheDiskLogIsResynchronisedAtTheNextActivation()
    {
        using var f = new EngineFixture();
        f.Create("m", $"0 {Length} mirror disk 2 7:3 {RegionSectors} 2 7:0 0 7:1 0");
        f.Mapper.Resync(N("m"));
        using (var dev = f.Mapper.Open(N("m")))
        {
            dev.Write(new Sectors(2 * RegionSectors), Pattern(4096, 4));
        }
        // "Crash": the table goes away with region 2 still dirty on disk, and leg 1 misses the write.
        f.Disks[1].WriteBytes(2UL * RegionSectors * 512, new byte[4096]);
        f.Mapper.Load(N("m"), Table.Parse($"0 {Length} mirror disk 2 7:3 {RegionSectors} 2 7:0 0 7:1 0"));
        f.Mapper.Suspend(N("m"), flush: false);
        f.Disks[3].WriteBytes(1024, [0b1111_1011]); // as the kernel would have left it
        f.Mapper.Resume(N("m"));
        Assert.StartsWith($"0 {Length} mirror 2 7:0 7:1 {Regions - 1}/{Regions}", f.Mapper.GetStatus(N("m")).Single(), StringComparison.Ordinal);
        f.Mapper.Resync(N("m"));
        Assert.Equal(Leg(f, 0), Leg(f, 1));
    }

    [Fact]
    public void CoreLogWithNosyncIsInSyncAtOnceAndSyncResynchronisesEverything()
    {
        using var f = new EngineFixture();
        f.Create("n", $"0 {Length} mirror core 2 {RegionSectors} nosync 2 7:0 0 7:1 0");
        Assert.Equal($"0 {Length} mirror 2 7:0 7:1 {Regions}/{Regions} 1 AA 1 core", f.Mapper.GetStatus(N("n")).Single());
        Assert.Equal(1u, f.Mapper.TryGetInfo(N("n"))!.EventNumber);
        f.Create("s", $"0 {Length} mirror core 2 {RegionSectors} sync 2 7:2 0 7:3 0");
        Assert.Contains($" 0/{Regions} ", f.Mapper.GetStatus(N("s")).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void BackgroundResyncCompletesOnItsOwn()
    {
        using var f = new EngineFixture(resync: ResyncMode.Background);
        f.Disks[0].WriteBytes(0, Pattern(Length * 512, 5));
        f.Create("m", $"0 {Length} mirror core 1 {RegionSectors} 2 7:0 0 7:1 0");
        Assert.True(f.Mapper.WaitForSync(N("m"), TimeSpan.FromSeconds(30)));
        Assert.Equal(Leg(f, 0), Leg(f, 1));
    }

    /// <summary>Two dm legs, so a leg can be swapped to an error table under the mirror.</summary>
    private static EngineFixture MirrorOverDmLegs(string features)
    {
        var f = new EngineFixture();
        f.Create("leg0", $"0 {Length} linear 7:0 0");
        f.Create("leg1", $"0 {Length} linear 7:1 0");
        f.Create("m", $"0 {Length} mirror core 2 {RegionSectors} nosync 2 253:0 0 253:1 0{features}");
        return f;
    }

    private static void Fail(EngineFixture f, string leg, string table = "error")
    {
        f.Mapper.Load(N(leg), Table.Parse($"0 {Length} {table}"));
        f.Mapper.Resume(N(leg));
    }

    [Fact]
    public void ALegFailingMidWriteIsMarkedAnEventIsRaisedAndDataStaysReadable()
    {
        using var f = MirrorOverDmLegs(" 1 handle_errors");
        uint events = f.Mapper.TryGetInfo(N("m"))!.EventNumber;
        using var dev = f.Mapper.Open(N("m"));
        var before = Pattern(RegionSectors * 512, 6);
        dev.Write(Sectors.Zero, before);
        Fail(f, "leg1");
        var data = Pattern(2 * RegionSectors * 512, 7);
        dev.Write(new Sectors(RegionSectors), data); // succeeds on leg0
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions - 2}/{Regions} 1 AD 1 core", f.Mapper.GetStatus(N("m")).Single());
        Assert.True(f.Mapper.TryGetInfo(N("m"))!.EventNumber > events);
        var back = new byte[data.Length];
        dev.Read(new Sectors(RegionSectors), back);
        Assert.Equal(data, back);
        var first = new byte[before.Length];
        dev.Read(Sectors.Zero, first);
        Assert.Equal(before, first);
    }

    [Fact]
    public void AFlakeyLegThatDropsWritesIsCaughtByRecoveryNotByTheWriter()
    {
        using var f = MirrorOverDmLegs("");
        Fail(f, "leg1", "flakey 7:1 0 0 3600 1 error_writes");
        using var dev = f.Mapper.Open(N("m"));
        var data = Pattern(RegionSectors * 512, 8);
        dev.Write(Sectors.Zero, data); // no handle_errors: completes, region goes out of sync
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions - 1}/{Regions} 1 AD 1 core", f.Mapper.GetStatus(N("m")).Single());
        Fail(f, "leg1", "linear 7:1 0");
        f.Mapper.Resync(N("m"));
        Assert.Equal(Leg(f, 0), Leg(f, 1));
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions}/{Regions} 1 AA 1 core", f.Mapper.GetStatus(N("m")).Single());
    }

    [Fact]
    public void AReadErrorOnTheDefaultLegFallsBackToAnotherInSyncLeg()
    {
        using var f = MirrorOverDmLegs(" 1 handle_errors");
        using var dev = f.Mapper.Open(N("m"));
        var data = Pattern(4096, 10);
        dev.Write(new Sectors(8), data);
        Fail(f, "leg0");
        var back = new byte[data.Length];
        dev.Read(new Sectors(8), back);
        Assert.Equal(data, back);
        Assert.Contains(" 1 RA 1 core", f.Mapper.GetStatus(N("m")).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void WhenEveryLegFailsTheWriteFails()
    {
        using var f = MirrorOverDmLegs(" 1 handle_errors");
        Fail(f, "leg0");
        Fail(f, "leg1");
        using var dev = f.Mapper.Open(N("m"));
        Assert.Equal(ErrorCode.IoError, Assert.Throws<StorageException>(() => dev.Write(Sectors.Zero, new byte[512])).Code);
    }

    [Fact]
    public void LegsAndLogAreHeldOpenByTheMirror()
    {
        using var f = MirrorOverDmLegs("");
        Assert.Equal(1, f.Mapper.TryGetInfo(N("leg0"))!.OpenCount);
        Assert.Equal(ErrorCode.Busy, Assert.Throws<StorageException>(() => f.Mapper.Remove(N("leg1"))).Code);
        f.Mapper.Remove(N("m"));
        f.Mapper.Remove(N("leg1"));
    }
}
