using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tests.Engine;
using SharpLvm.DeviceMapper.Units;
using static SharpLvm.DeviceMapper.Tests.Engine.EngineFixture;

namespace SharpLvm.DeviceMapper.Tests.Mirror;

/// <summary>
/// A leg or the log of a live disk-log mirror fails (an error table under it) and returns: what dm-raid1 does with
/// it, and what a suspend/resume of the same table (LVM2's <c>lvchange --refresh</c>) does once the leg is back.
/// </summary>
public sealed class LegFaultTests
{
    private const int Regions = 8;
    private const int RegionSectors = 256;
    private const int Length = Regions * RegionSectors;

    /// <summary>Legs 253:0 and 253:1 over 7:0 and 7:1, the log 253:2 over 7:3, mirror "m" in sync.</summary>
    private static EngineFixture Mirror()
    {
        var f = new EngineFixture();
        f.Disks[0].WriteBytes(0, Pattern(Length * 512, 1));
        f.Create("leg0", $"0 {Length} linear 7:0 0");
        f.Create("leg1", $"0 {Length} linear 7:1 0");
        f.Create("log", $"0 64 linear 7:3 0");
        f.Create("m", $"0 {Length} mirror disk 2 253:2 {RegionSectors} 2 253:0 0 253:1 0 1 handle_errors");
        f.Mapper.Resync(N("m"));
        Assert.Equal(f.Disks[0].ReadBytes(0, Length * 512), f.Disks[1].ReadBytes(0, Length * 512));
        return f;
    }

    private static void Swap(EngineFixture f, string device, string table)
    {
        f.Mapper.Load(N(device), Table.Parse(table));
        f.Mapper.Suspend(N(device));
        f.Mapper.Resume(N(device));
    }

    private static bool[] LogClean(EngineFixture f) => DiskRegionLog.Inspect(f.Disks[3], Regions)!.Value.Clean;

    [Fact]
    public void LegZeroFailingWhileInSyncMovesTheDefaultLegAndAResumeAfterItReturnsResyncsItFromTheSurvivor()
    {
        using var f = Mirror();
        Swap(f, "leg0", $"0 {Length} error");
        var data = Pattern(2 * RegionSectors * 512, 2);
        using (var dev = f.Mapper.Open(N("m")))
        {
            dev.Write(new Sectors(3 * RegionSectors), data); // regions 3-4: leg 0 fails, leg 1 has the data
            var back = new byte[data.Length];
            dev.Read(new Sectors(3 * RegionSectors), back); // out of sync: from the default leg, now leg 1
            Assert.Equal(data, back);
        }
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions - 2}/{Regions} 1 DA 3 disk 253:2 A", f.Mapper.GetStatus(N("m")).Single());
        Assert.False(LogClean(f)[3]);
        Assert.False(LogClean(f)[4]);

        // Recovery while the leg is still failed changes nothing: the copy to leg 0 fails, the regions stay out of sync.
        f.Mapper.ResyncStep(N("m"));
        Assert.StartsWith($"0 {Length} mirror 2 253:0 253:1 {Regions - 2}/{Regions}", f.Mapper.GetStatus(N("m")).Single(), StringComparison.Ordinal);

        // The leg returns. The mirror keeps its mark until it resumes (refresh) and the regions are recovered from leg 1.
        Swap(f, "leg0", $"0 {Length} linear 7:0 0");
        Assert.Contains(" 1 DA ", f.Mapper.GetStatus(N("m")).Single(), StringComparison.Ordinal);
        f.Mapper.Suspend(N("m"), flush: false);
        f.Mapper.Resume(N("m"));
        f.Mapper.Resync(N("m"));
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions}/{Regions} 1 AA 3 disk 253:2 A", f.Mapper.GetStatus(N("m")).Single());
        Assert.Equal(data, f.Disks[0].ReadBytes(3L * RegionSectors * 512, data.Length));
        Assert.Equal(f.Disks[0].ReadBytes(0, Length * 512), f.Disks[1].ReadBytes(0, Length * 512));
        Assert.All(LogClean(f), Assert.True);
    }

    [Fact]
    public void ReadErrorsOnLegZeroMarkItRAndReadsComeFromTheOtherLegWithNoResyncNeeded()
    {
        using var f = Mirror();
        Swap(f, "leg0", $"0 {Length} error"); // only reads reach it here
        using var dev = f.Mapper.Open(N("m"));
        var back = new byte[Length * 512];
        dev.Read(Sectors.Zero, back);
        Assert.Equal(f.Disks[1].ReadBytes(0, back.Length), back);
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions}/{Regions} 1 RA 3 disk 253:2 A", f.Mapper.GetStatus(N("m")).Single());
    }

    [Fact]
    public void AFailedLogIsReportedDAndWritesStillGoToEveryLeg()
    {
        using var f = Mirror();
        Swap(f, "log", "0 64 error");
        var data = Pattern(RegionSectors * 512, 3);
        using (var dev = f.Mapper.Open(N("m")))
        {
            dev.Write(new Sectors(5 * RegionSectors), data); // marking region 5 dirty fails: the log fails, the write goes on
            var back = new byte[data.Length];
            dev.Read(new Sectors(5 * RegionSectors), back);
            Assert.Equal(data, back);
        }
        f.Mapper.ResyncStep(N("m"));
        Assert.Equal($"0 {Length} mirror 2 253:0 253:1 {Regions}/{Regions} 1 AA 3 disk 253:2 D", f.Mapper.GetStatus(N("m")).Single());
        Assert.Equal(f.Disks[0].ReadBytes(0, Length * 512), f.Disks[1].ReadBytes(0, Length * 512));
    }
}
