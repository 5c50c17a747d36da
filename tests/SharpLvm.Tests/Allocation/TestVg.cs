using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Tests.Allocation;

/// <summary>A VG model like LVM2 makes on 64 MiB PVs with 4 MiB extents (15 PEs each), and helpers to run LV operations.</summary>
internal sealed class TestVg
{
    public TestVg(int pvs, uint peCount = 15)
    {
        Vg = new VolumeGroup(VgName.Parse("vx"), LvmUuid.NewRandom(new Random(1))) { ExtentSize = new Sectors(8192), Seqno = 1 };
        for (int i = 0; i < pvs; i++)
        {
            Vg.PhysicalVolumes.Add(new PhysicalVolume(LvmUuid.NewRandom(new Random(10 + i)))
            {
                DeviceHint = $"/dev/t{i}",
                DevSize = new Sectors(131072),
                PeStart = new Sectors(2048),
                PeCount = peCount,
            });
        }
        Vg.UpdateDerived();
    }

    public VolumeGroup Vg { get; }

    public LvFactory Factory { get; } = new(TimeProvider.System, "host", new Random(7));

    public LvOutput Output { get; } = new();

    public PhysicalVolume Pv(int i) => Vg.PhysicalVolumes[i];

    public IReadOnlyList<PvCandidate> List(params string[] args) => PvList.Resolve(Vg, args, pv => pv.DeviceHint);

    public LogicalVolume Create(string name, string? size = null, string? extents = null, int stripes = 1, LvCreateType? type = null,
        int mirrors = 0, bool core = false, AllocationPolicy? alloc = null, params string[] pvs) =>
        LvCreate.Apply(Vg, new LvCreateRequest
        {
            Name = LvName.Parse(name),
            Size = size is not null ? SizeSpec.ParseSize(size) : SizeSpec.ParseExtents(extents!),
            Stripes = stripes,
            Type = type,
            Mirrors = mirrors,
            CoreLog = core,
            Alloc = alloc,
            Pvs = pvs.Length == 0 ? null : List(pvs),
            Activate = false,
            Zero = false,
        }, Factory, Output);

    public void Resize(string name, string extents, ResizeMode mode = ResizeMode.Resize) =>
        LvResize.Apply(Vg, name, new LvResizeRequest { Size = SizeSpec.ParseExtents(extents), Mode = mode }, Output);

    public void Convert(string name, string mirrors, bool typeMirror = true, bool? core = null)
    {
        SizeSpec m = SizeSpec.ParseExtents(mirrors);
        LvConvertMirror.Apply(Vg, name, new LvConvertMirrorRequest { Mirrors = (int)m.Extents, Sign = m.Sign, TypeMirror = typeMirror, CoreLog = core }, Factory, Output);
    }

    /// <summary>lvs' seg_pe_ranges of every segment of an LV joined by " | ", PVs as their keys.</summary>
    public string Ranges(string lv)
    {
        LogicalVolume l = Vg.FindLv(lv) ?? throw new InvalidOperationException(lv + " not found");
        return string.Join(" | ", l.Segments.Select(seg =>
        {
            uint len = FreeSpaceMap.AreaLength(seg);
            return string.Join(" ", seg.AreaList.Select(a => a switch
            {
                PvArea p => $"{p.Pv.Key}:{p.StartExtent.Value}-{p.StartExtent.Value + len - 1}",
                LvArea v => $"{v.Lv.Name}:{v.StartExtent.Value}-{v.StartExtent.Value + len - 1}",
                _ => "?",
            }));
        }));
    }

    public string Text => SharpLvm.Format.Text.VgText.WriteOnDiskText(Vg, new SharpLvm.Format.Text.VgTextHeader { Description = "t", CreationTime = 1, CreationHost = "h", HostComment = "c" });
}
