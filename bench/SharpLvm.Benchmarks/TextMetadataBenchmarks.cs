using BenchmarkDotNet.Attributes;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Benchmarks;

/// <summary>Parse and write the text metadata of a VG with 10,000 LVs (linear, striped, mirrored with legs and logs).</summary>
[MemoryDiagnoser]
public class TextMetadataBenchmarks
{
    private const int LvCount = 10_000;
    private static readonly VgTextHeader Header = new()
    {
        Description = "Write from benchmark.",
        CreationHost = "bench",
        HostComment = "Linux bench 6.1.0 #1 SMP x86_64",
        CreationTime = 1795526403,
    };

    private VolumeGroup _vg = null!;
    private byte[] _onDisk = null!;
    private string _backup = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _vg = new VolumeGroup(VgName.Parse("benchvg"), LvmUuid.NewRandom(random)) { Seqno = 1234, ExtentSize = new Sectors(8192) };
        for (int i = 0; i < 8; i++)
        {
            _vg.PhysicalVolumes.Add(new PhysicalVolume(LvmUuid.NewRandom(random))
            {
                DeviceHint = "/dev/sd" + (char)('a' + i),
                DevSize = new Sectors(1UL << 34),
                PeStart = new Sectors(2048),
                PeCount = 2_000_000,
            });
        }
        uint pe = 0;
        int made = 0;
        while (made < LvCount)
        {
            var lv = new LogicalVolume(LvName.ParseInternal("lv" + made), LvmUuid.NewRandom(random))
            {
                CreationTime = 1795526403,
                CreationHost = "bench",
            };
            _vg.LogicalVolumes.Add(lv);
            made++;
            if (made % 10 == 0 && made + 3 <= LvCount)
            {
                var mirror = new MirrorSegment(Extents.Zero, new Extents(4)) { RegionSize = 4096 };
                for (int leg = 0; leg < 2; leg++)
                {
                    LogicalVolume image = Hidden($"{lv.Name}_mimage_{leg}", random, _vg.PhysicalVolumes[leg], ref pe, 4);
                    mirror.Areas.Add(new LvArea(image, Extents.Zero));
                }
                mirror.MirrorLog = Hidden($"{lv.Name}_mlog", random, _vg.PhysicalVolumes[2], ref pe, 1);
                lv.Segments.Add(mirror);
                made += 3;
                continue;
            }
            int stripes = made % 3 == 0 ? 2 : 1;
            var seg = new StripedSegment(Extents.Zero, new Extents(8)) { StripeSize = stripes > 1 ? 128u : 0u };
            for (int s = 0; s < stripes; s++)
            {
                seg.Areas.Add(new PvArea(_vg.PhysicalVolumes[(made + s) % 8], new Extents(pe)));
            }
            pe += 8;
            lv.Segments.Add(seg);
        }
        _onDisk = VgText.WriteOnDisk(_vg, Header);
        _backup = VgText.WriteBackup(_vg, Header);
    }

    private LogicalVolume Hidden(string name, Random random, PhysicalVolume pv, ref uint pe, uint len)
    {
        var lv = new LogicalVolume(LvName.ParseInternal(name), LvmUuid.NewRandom(random)) { Status = LvStatus.Read | LvStatus.Write };
        var seg = new StripedSegment(Extents.Zero, new Extents(len));
        seg.Areas.Add(new PvArea(pv, new Extents(pe)));
        pe += len;
        lv.Segments.Add(seg);
        _vg.LogicalVolumes.Add(lv);
        return lv;
    }

    [Benchmark]
    public VolumeGroup ParseOnDisk() => VgText.Parse(_onDisk);

    [Benchmark]
    public VolumeGroup ParseBackup() => VgText.Parse(_backup);

    [Benchmark]
    public byte[] WriteOnDisk() => VgText.WriteOnDisk(_vg, Header);

    [Benchmark]
    public string WriteBackup() => VgText.WriteBackup(_vg, Header);

    [Benchmark]
    public VgTextSummary Summarize() => VgText.Summarize(_onDisk);
}
