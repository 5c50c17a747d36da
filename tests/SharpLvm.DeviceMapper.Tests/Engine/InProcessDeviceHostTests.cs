using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Engine;

public sealed class InProcessDeviceHostTests
{
    private const int Regions = 8;
    private const int RegionSectors = 256;

    private static string Image(TempDir dir, string name, ulong sectors)
    {
        string path = dir.File(name);
        FileBlockDevice.CreateImage(path, new Sectors(sectors)).Dispose();
        return path;
    }

    [Fact]
    public void AttachNumbersImageFilesUnderTheImageMajorAndIsIdempotentBySameCanonicalPath()
    {
        using var dir = new TempDir();
        string a = Image(dir, "a.img", 2048), b = Image(dir, "b.img", 2048);
        File.CreateSymbolicLink(dir.File("link.img"), a);
        using var host = new InProcessDeviceHost();
        var na = host.Attach(a);
        var nb = host.Attach(b);
        Assert.Equal(IDeviceHost.ImageFileMajor, na.Major);
        Assert.Equal(IDeviceHost.ImageFileMajor, nb.Major);
        Assert.NotEqual(na, nb);
        Assert.Equal(na, host.Attach(dir.File("link.img")));
        Assert.Equal(na, host.Attach(Path.Combine(dir.Path, ".", "a.img")));
        Assert.Equal(2, host.Engine.RegisteredDevices().Count);
        Assert.False(host.Persistent);
        var e = Assert.Throws<StorageException>(() => host.Attach(dir.File("missing.img")));
        Assert.Equal(ErrorCode.NotFound, e.Code);
    }

    [Fact]
    public void TablesNameAttachedImagesByNumberOrPathAndDataReachesTheFile()
    {
        using var dir = new TempDir();
        string a = Image(dir, "a.img", 4096);
        var data = EngineFixture.Pattern(8192, 5);
        using (var host = new InProcessDeviceHost())
        {
            var n = host.Attach(a);
            host.Create(DmName.Parse("lin"));
            host.Load(DmName.Parse("lin"), Table.Parse($"0 2048 linear {n} 100"));
            host.Resume(DmName.Parse("lin"));
            host.Create(DmName.Parse("top"));
            host.Load(DmName.Parse("top"), Table.Parse("0 1024 linear /dev/mapper/lin 0"));
            host.Resume(DmName.Parse("top"));
            using var dev = host.Engine.Open(DmName.Parse("top"));
            dev.Write(new Sectors(8), data);
        }
        using var file = FileBlockDevice.Open(a, readOnly: true);
        Assert.Equal(data, file.ReadBytes(108 * 512, data.Length));
    }

    [Fact]
    public void DisposeRemovesStackedDevicesTopDownAndLeavesTheMirrorDiskLogClean()
    {
        using var dir = new TempDir();
        string leg0 = Image(dir, "leg0.img", 4096), leg1 = Image(dir, "leg1.img", 4096), log = Image(dir, "log.img", 8);
        var host = new InProcessDeviceHost(new EngineOptions { Resync = ResyncMode.Background });
        var l0 = host.Attach(leg0);
        var l1 = host.Attach(leg1);
        var lg = host.Attach(log);
        var m = DmName.Parse("vg-m");
        host.Create(m);
        host.Load(m, Table.Parse($"0 {Regions * RegionSectors} mirror disk 2 {lg} {RegionSectors} 2 {l0} 0 {l1} 0 1 handle_errors"));
        host.Resume(m);
        var seen = new List<(ulong, ulong)>();
        Assert.True(host.WaitForSync(m, TimeSpan.FromSeconds(30), (a, b) => seen.Add((a, b))));
        Assert.Equal(((ulong)Regions, (ulong)Regions), seen[^1]);
        var top = DmName.Parse("top");
        host.Create(top);
        host.Load(top, Table.Parse($"0 {Regions * RegionSectors} linear /dev/mapper/vg-m 0"));
        host.Resume(top);
        using (var dev = host.Engine.Open(top))
        {
            dev.Write(new Sectors(3 * RegionSectors), EngineFixture.Pattern(4096, 8));
        }
        host.Dispose();
        Assert.Empty(host.Engine.List());
        using var logFile = FileBlockDevice.Open(log, readOnly: true);
        var state = DiskRegionLog.Inspect(logFile, Regions)!.Value;
        Assert.Equal(DiskLogHeader.For(Regions), state.Header);
        Assert.All(state.Clean, Assert.True);
        using var a = FileBlockDevice.Open(leg0, readOnly: true);
        using var b = FileBlockDevice.Open(leg1, readOnly: true);
        Assert.Equal(a.ReadBytes(0, Regions * RegionSectors * 512), b.ReadBytes(0, Regions * RegionSectors * 512));
    }

    [Fact]
    public void MirrorSyncProgressSumsTheMirrorLinesOfAStatus()
    {
        string[] status =
        [
            "0 16384 mirror 2 252:3 252:4 4/8 1 AA 3 disk 252:2 A",
            "16384 100 linear",
            "16484 2048 mirror 3 1:1 1:2 1:3 1/2 1 AAA 1 core",
        ];
        Assert.Equal((5UL, 10UL), MirrorSyncWait.Progress(status));
    }
}
