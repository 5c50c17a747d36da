using System.Security.Cryptography;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tests.Dmsetup;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Engine;

/// <summary>
/// "Same bytes as the kernel": the images the 6.1 kernel wrote, mapped by our engine with the tables the
/// kernel had (manifest.txt), read back with the kernel's md5s. Major 254 as on that guest.
/// </summary>
public sealed class KernelFixtureTests(KernelImages images) : IClassFixture<KernelImages>
{
    private readonly UserspaceDeviceMapper _mapper = images.Mapper;
    private readonly Dictionary<string, string> _md5 = images.Md5;

    private string Md5Of(string name)
    {
        using var dev = _mapper.Open(DmName.Parse(name));
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 20];
        for (ulong s = 0; s < dev.Size.Value; s += 2048)
        {
            dev.Read(new Sectors(s), buffer);
            md5.AppendData(buffer);
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    [Theory]
    [InlineData("xvg-lin")]
    [InlineData("xvg-str")]
    [InlineData("xvg-mir")]
    [InlineData("xvg-mir_mimage_0")]
    [InlineData("xvg-mir_mimage_1")]
    public void EveryVolumeReadsTheKernelsChecksum(string name) => Assert.Equal(_md5[name], Md5Of(name));

    [Fact]
    public void TheKernelsDiskLogIsReadAsCleanSoTheMirrorIsInSyncAtOnce()
    {
        var status = _mapper.GetStatus(DmName.Parse("xvg-mir"));
        var kernel = TraceSections.Sections("dmsetup status").SelectMany(s => s).First(l => l.StartsWith("xvg-mir: ", StringComparison.Ordinal));
        Assert.Equal(kernel, "xvg-mir: " + status.Single());
        Assert.False(_mapper.ResyncStep(DmName.Parse("xvg-mir")));
    }

    [Fact]
    public void TablesAndStatusPrintAsTheKernelPrintedThem()
    {
        var tables = TraceSections.Sections("dmsetup table").Last().ToList();
        var ours = _mapper.List().SelectMany(i => _mapper.GetTable(i.Name)!.Lines.Select(l => $"{i.Name}: {DmsetupTableLine(l)}"));
        Assert.Equal(tables, ours);
    }

    private static string DmsetupTableLine(TargetLine line) => SharpLvm.DeviceMapper.Dmsetup.DmsetupTable.Line(line);

    [Fact]
    public void OurLogAfterSuspendIsStillAValidCleanKernelLog()
    {
        var mir = DmName.Parse("xvg-mir");
        using (var dev = _mapper.Open(mir))
        {
            dev.Write(new Sectors(100), new byte[4096]);
        }
        _mapper.Suspend(mir);
        using var mlog = _mapper.Open(DmName.Parse("xvg-mir_mlog"));
        var log = DiskRegionLog.Inspect(mlog, 8)!.Value;
        Assert.Equal(DiskLogHeader.MirrorMagic, log.Header.Magic);
        Assert.Equal(2u, log.Header.Version);
        Assert.Equal(8UL, log.Header.RegionCount);
        Assert.All(log.Clean, Assert.True);
        _mapper.Resume(mir);
    }

}

/// <summary>The kernel's three images decompressed once, registered as 252:0/16/32, with the manifest's devices created.</summary>
public sealed class KernelImages : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<FileBlockDevice> _disks = [];
    public UserspaceDeviceMapper Mapper { get; } = new(new EngineOptions { Major = 254, Resync = ResyncMode.Manual });
    public Dictionary<string, string> Md5 { get; } = [];

    public KernelImages()
    {
        string fixtures = TestPaths.SharedFile(Path.Combine("fixtures", "kernel-6.1"));
        var manifest = File.ReadAllLines(Path.Combine(fixtures, "manifest.txt"));
        foreach (string line in Section(manifest, "block devices"))
        {
            string[] w = line.Split(' ');
            string image = TestPaths.UnzstdToTempFile(Path.Combine(fixtures, $"xcheck-{w[0]["/dev/".Length..]}.img.zst"), _dir.Path);
            var disk = FileBlockDevice.Open(image);
            _disks.Add(disk);
            Mapper.RegisterDevice(disk, DeviceNumber.Parse(w[1]), w[0]);
        }
        var numbers = Section(manifest, "dmsetup info -c").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(w => w[0], w => new DeviceNumber(uint.Parse(w[1]), uint.Parse(w[2])));
        var tables = Section(manifest, "dmsetup table").Select(l => l.Split(": ", 2)).GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => Table.Parse(string.Join('\n', g)));
        // Lower devices first (lowest minor first matches how LVM activated them here).
        foreach (var (name, number) in numbers.OrderBy(p => p.Value.Minor == 5 ? 1 : 0).ThenBy(p => p.Value.Minor))
        {
            Mapper.Create(DmName.Parse(name), number: number);
        }
        foreach (string name in numbers.Keys.OrderBy(n => n.Contains("_m", StringComparison.Ordinal) ? 0 : 1))
        {
            Mapper.Load(DmName.Parse(name), tables[name]);
            Mapper.Resume(DmName.Parse(name));
        }
        foreach (string line in Section(manifest, "md5"))
        {
            string[] w = line.Split(' ');
            Md5[w[1].Replace("xvg/", "xvg-", StringComparison.Ordinal)] = w[^1];
        }
    }

    private static IEnumerable<string> Section(string[] lines, string title) =>
        lines.SkipWhile(l => !l.StartsWith("--- " + title, StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("--- ", StringComparison.Ordinal))
            .Where(l => l.Length > 0);

    public void Dispose()
    {
        Mapper.Dispose();
        _disks.ForEach(d => d.Dispose());
        _dir.Dispose();
    }
}
