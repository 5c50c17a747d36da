using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Tests.Format.Text;

/// <summary>Builds random but valid VG models from a seed (PVs, linear/striped/mirror/error/zero/snapshot/unknown LVs).</summary>
internal sealed class RandomVg(int seed)
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-";
    private const string OddChars = "aZ09 .-_+/=!:&#\"\\{}[],'é\t€=";
    private readonly Random _r = new(seed);
    private readonly HashSet<string> _lvNames = new(StringComparer.Ordinal);
    private VolumeGroup _vg = null!;

    public VolumeGroup Build()
    {
        _vg = new VolumeGroup(VgName.Parse(Name()), LvmUuid.NewRandom(_r))
        {
            Seqno = (ulong)_r.Next(1, 100000),
            ExtentSize = new Sectors(1UL << _r.Next(3, 22)),
            MaxLv = (uint)_r.Next(0, 3),
            MaxPv = (uint)_r.Next(0, 3),
            MetadataCopies = (uint)_r.Next(0, 3),
            Status = VgStatus.Resizeable | VgStatus.Read | (Chance(0.8) ? VgStatus.Write : VgStatus.Exported),
            Flags = Chance(0.2) ? VgCompatFlags.NoAutoActivate : VgCompatFlags.None,
            AllocationPolicy = Pick(AllocationPolicy.Normal, AllocationPolicy.Normal, AllocationPolicy.Cling, AllocationPolicy.Anywhere, AllocationPolicy.Contiguous),
            SystemId = Chance(0.2) ? Odd() : null,
            Profile = Chance(0.1) ? Odd() : null,
        };
        if (Chance(0.2))
        {
            _vg.LockType = "sanlock";
            _vg.LockArgs = Chance(0.5) ? "1.0.0:lvmlock" : null;
        }
        AddTags(_vg.Tags);
        if (Chance(0.2))
        {
            _vg.UnknownNodes.Add(ConfigNode.Setting("future_key", ConfigValue.FromString(Odd())));
        }
        int pvs = _r.Next(1, 6);
        for (int i = 0; i < pvs; i++)
        {
            var pv = new PhysicalVolume(LvmUuid.NewRandom(_r))
            {
                DeviceHint = Chance(0.9) ? "/dev/" + Odd() : null,
                Status = Chance(0.9) ? PvStatus.Allocatable : PvStatus.None,
                Flags = Chance(0.1) ? PvCompatFlags.Missing : PvCompatFlags.None,
                DevSize = new Sectors((ulong)_r.NextInt64(1, 1L << 40)),
                PeStart = new Sectors(2048),
                PeCount = (uint)_r.Next(1, 100000),
            };
            if (Chance(0.2))
            {
                pv.DeviceIdType = "sys_wwid";
                pv.DeviceId = Odd();
            }
            if (Chance(0.2))
            {
                pv.BaStart = new Sectors(2048);
                pv.BaSize = new Sectors((ulong)_r.Next(1, 4096));
            }
            AddTags(pv.Tags);
            _vg.PhysicalVolumes.Add(pv);
        }
        int lvs = _r.Next(0, 8);
        for (int i = 0; i < lvs; i++)
        {
            AddLv();
        }
        _vg.UpdateDerived();
        return _vg;
    }

    private void AddLv()
    {
        switch (_r.Next(7))
        {
            case 0:
            case 1:
                AddStriped(NewLv(visible: true), _r.Next(1, 4));
                break;
            case 2:
                AddSimple(NewLv(visible: true), error: true);
                break;
            case 3:
                AddSimple(NewLv(visible: true), error: false);
                break;
            case 4:
                AddMirror();
                break;
            case 5:
                AddSnapshot();
                break;
            default:
                AddUnknown();
                break;
        }
    }

    private LogicalVolume NewLv(bool visible, string? name = null)
    {
        name ??= UniqueLvName();
        _lvNames.Add(name);
        var lv = new LogicalVolume(LvName.ParseInternal(name), LvmUuid.NewRandom(_r))
        {
            Status = LvStatus.Read | (Chance(0.9) ? LvStatus.Write : LvStatus.None) | (visible ? LvStatus.Visible : LvStatus.None)
                | (Chance(0.1) ? LvStatus.FixedMinor : LvStatus.None),
            Flags = Chance(0.1) ? LvCompatFlags.ActivationSkip | LvCompatFlags.ErrorWhenFull : LvCompatFlags.None,
            AllocationPolicy = Pick(AllocationPolicy.Inherit, AllocationPolicy.Inherit, AllocationPolicy.Contiguous, AllocationPolicy.ClingByTags),
            ReadAhead = Pick<int?>(null, null, LogicalVolume.ReadAheadNone, 256),
            Major = Chance(0.1) ? 253 : null,
            Minor = Chance(0.1) ? _r.Next(0, 1000) : null,
            LockArgs = Chance(0.05) ? Odd() : null,
            Profile = Chance(0.05) ? Odd() : null,
        };
        if (Chance(0.8))
        {
            lv.CreationTime = _r.NextInt64(1, 4_000_000_000);
            lv.CreationHost = Odd();
        }
        AddTags(lv.Tags);
        if (Chance(0.1))
        {
            lv.UnknownNodes.Add(ConfigNode.Setting("future_lv_key", ConfigValue.FromInteger(_r.Next())));
        }
        _vg.LogicalVolumes.Add(lv);
        return lv;
    }

    private List<Extents> SegmentSizes()
    {
        int n = _r.Next(1, 4);
        return Enumerable.Range(0, n).Select(_ => new Extents((uint)_r.Next(1, 500))).ToList();
    }

    private void AddStriped(LogicalVolume lv, int stripes)
    {
        uint start = 0;
        foreach (Extents len in SegmentSizes())
        {
            var seg = new StripedSegment(new Extents(start), len) { StripeSize = stripes > 1 ? 128u : 0u };
            for (int s = 0; s < stripes; s++)
            {
                PhysicalVolume pv = _vg.PhysicalVolumes[_r.Next(_vg.PhysicalVolumes.Count)];
                uint pe = (uint)_r.Next(0, 10000);
                // Never continue the previous segment on the same PV: the import would merge the two (as LVM2 does).
                if (lv.Segments.Count > 0 && lv.Segments[^1] is StripedSegment prev && prev.Areas[s] is PvArea p && p.Pv == pv
                    && p.StartExtent.Value + (prev.ExtentCount.Value / (uint)prev.StripeCount) == pe)
                {
                    pe++;
                }
                seg.Areas.Add(new PvArea(pv, new Extents(pe)));
            }
            AddTags(seg.Tags);
            lv.Segments.Add(seg);
            start += len.Value;
        }
    }

    private void AddSimple(LogicalVolume lv, bool error)
    {
        uint start = 0;
        foreach (Extents len in SegmentSizes())
        {
            lv.Segments.Add(error ? new ErrorSegment(new Extents(start), len) : new ZeroSegment(new Extents(start), len));
            start += len.Value;
        }
    }

    private void AddMirror()
    {
        LogicalVolume top = NewLv(visible: true);
        var len = new Extents((uint)_r.Next(1, 300));
        var seg = new MirrorSegment(Extents.Zero, len) { RegionSize = 1024 };
        int legs = _r.Next(2, 4);
        for (int i = 0; i < legs; i++)
        {
            LogicalVolume leg = NewLv(visible: false, name: $"{top.Name}_mimage_{i}");
            var legSeg = new StripedSegment(Extents.Zero, len);
            legSeg.Areas.Add(new PvArea(_vg.PhysicalVolumes[_r.Next(_vg.PhysicalVolumes.Count)], new Extents((uint)_r.Next(0, 1000))));
            leg.Segments.Add(legSeg);
            seg.Areas.Add(new LvArea(leg, Extents.Zero));
        }
        if (Chance(0.6))
        {
            LogicalVolume log = NewLv(visible: false, name: $"{top.Name}_mlog");
            var logSeg = new StripedSegment(Extents.Zero, new Extents(1));
            logSeg.Areas.Add(new PvArea(_vg.PhysicalVolumes[0], new Extents(0)));
            log.Segments.Add(logSeg);
            seg.MirrorLog = log;
        }
        if (Chance(0.1))
        {
            seg.ExtentsMoved = (uint)_r.Next(0, (int)len.Value);
        }
        top.Segments.Add(seg);
    }

    private void AddSnapshot()
    {
        LogicalVolume origin = NewLv(visible: true);
        AddStriped(origin, 1);
        LogicalVolume cow = NewLv(visible: false);
        AddStriped(cow, 1);
        LogicalVolume snap = NewLv(visible: true, name: "snapshot" + _r.Next(0, 1000000));
        snap.Segments.Add(new SnapshotSegment(Extents.Zero, cow.ExtentCount, origin, cow)
        {
            ChunkSize = 8,
            IsMerging = Chance(0.2),
        });
    }

    private void AddUnknown()
    {
        LogicalVolume lv = NewLv(visible: true);
        var seg = new UnknownSegment(Extents.Zero, new Extents((uint)_r.Next(1, 100)), Pick("raid1", "thin", "cache", "striped+RESHAPE"))
        {
            ReshapeCount = Chance(0.2) ? (uint)_r.Next(0, 10) : null,
        };
        seg.Nodes.Add(ConfigNode.Setting("device_count", ConfigValue.FromInteger(_r.Next(1, 5))));
        seg.Nodes.Add(ConfigNode.Setting("ratio", ConfigValue.FromFloatText("0.25")));
        seg.Nodes.Add(ConfigNode.Setting("negative", ConfigValue.FromInteger(-_r.Next(1, 5))));
        seg.Nodes.Add(ConfigNode.Setting("raids", ConfigValue.FromArray([ConfigValue.FromString(Odd()), ConfigValue.FromInteger(0)])));
        seg.Nodes.Add(ConfigNode.Section("settings", [ConfigNode.Setting("policy", ConfigValue.FromString(Odd()))]));
        AddTags(seg.Tags);
        lv.Segments.Add(seg);
    }

    private string UniqueLvName()
    {
        while (true)
        {
            string name = Name();
            if (name.StartsWith("snapshot", StringComparison.Ordinal) || !_lvNames.Add(name))
            {
                continue;
            }
            _lvNames.Remove(name);
            return name;
        }
    }

    private string Name()
    {
        while (true)
        {
            int len = _r.Next(1, 16);
            string name = new([.. Enumerable.Range(0, len).Select(_ => NameChars[_r.Next(NameChars.Length)])]);
            if (NameRules.CheckBasic(name) is null)
            {
                return name;
            }
        }
    }

    private string Odd() => new([.. Enumerable.Range(0, _r.Next(1, 12)).Select(_ => OddChars[_r.Next(OddChars.Length)])]);

    private void AddTags(List<string> tags)
    {
        int n = _r.Next(0, 3);
        for (int i = 0; i < n; i++)
        {
            tags.Add(Odd());
        }
    }

    private bool Chance(double p) => _r.NextDouble() < p;

    private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];
}
