using System.Globalization;
using SharpLvm.Model;

namespace SharpLvm.Format.Text;

/// <summary>Reads the segments of one LV, resolving PV keys and LV names, and checks they cover the LV.</summary>
internal sealed class SegmentImporter(
    VolumeGroup vg,
    Dictionary<string, PhysicalVolume> pvByKey,
    Dictionary<string, LogicalVolume> lvByName)
{
    private static readonly HashSet<string> GenericKeys = ["start_extent", "extent_count", "type", "tags", "reshape_count"];

    // The keys each understood type has; a segment with any other key is kept verbatim as an UnknownSegment.
    private static readonly Dictionary<string, HashSet<string>> TypeKeys = new(StringComparer.Ordinal)
    {
        [StripedSegment.Type] = ["stripe_count", "stripe_size", "stripes"],
        [MirrorSegment.Type] = ["mirror_count", "mirror_log", "region_size", "extents_moved", "mirrors"],
        [ErrorSegment.Type] = [],
        [ZeroSegment.Type] = [],
        [SnapshotSegment.Type] = ["chunk_size", "origin", "cow_store", "merging_store"],
    };

    public void ReadSegments(LogicalVolume lv, ConfigNode lvNode)
    {
        var lvCtx = new ImportContext($"VG {vg.Name}, LV {lv.Name}", lvNode);
        uint declared = lvCtx.UInt32("segment_count", required: true);
        var segments = new List<LvSegment>();
        foreach (ConfigNode child in lvNode.Children!)
        {
            if (child.IsSection)
            {
                segments.Add(ReadSegment(lv, child));
            }
        }
        if (segments.Count != declared)
        {
            throw lvCtx.Error(
                $"segment_count is {declared.ToString(CultureInfo.InvariantCulture)} but {segments.Count.ToString(CultureInfo.InvariantCulture)} segments are present",
                lvCtx.Find("segment_count"));
        }
        if (declared == 0)
        {
            throw lvCtx.Error("no segments");
        }
        // LVM2 keeps segments ordered by start extent, then requires contiguous coverage from 0.
        segments.Sort((a, b) => a.StartExtent.CompareTo(b.StartExtent));
        uint expected = 0;
        foreach (LvSegment seg in segments)
        {
            if (seg.StartExtent.Value > expected)
            {
                throw lvCtx.Error($"gap in the segments at extent {expected.ToString(CultureInfo.InvariantCulture)} (next segment starts at {seg.StartExtent})");
            }
            if (seg.StartExtent.Value < expected)
            {
                throw lvCtx.Error($"segments overlap at extent {seg.StartExtent}");
            }
            if (seg.ExtentCount.Value == 0)
            {
                throw lvCtx.Error($"segment at extent {seg.StartExtent} has no extents");
            }
            expected = checked(seg.StartExtent.Value + seg.ExtentCount.Value);
        }
        lv.Segments.AddRange(segments);
    }

    private LvSegment ReadSegment(LogicalVolume lv, ConfigNode node)
    {
        var ctx = new ImportContext($"VG {vg.Name}, LV {lv.Name}, {node.Key}", node);
        var start = new Extents(ctx.UInt32("start_extent", required: true));
        var count = new Extents(ctx.UInt32("extent_count", required: true));
        string type = ctx.String("type") ?? StripedSegment.Type;
        LvSegment seg = !IsUnderstood(node, type)
            ? ReadUnknown(ctx, start, count, type)
            : type switch
            {
                StripedSegment.Type => ReadStriped(ctx, start, count),
                MirrorSegment.Type => ReadMirror(ctx, start, count),
                ErrorSegment.Type => new ErrorSegment(start, count),
                ZeroSegment.Type => new ZeroSegment(start, count),
                SnapshotSegment.Type => ReadSnapshot(ctx, start, count),
                _ => ReadUnknown(ctx, start, count, type),
            };
        seg.Tags.AddRange(ctx.Tags());
        return seg;
    }

    private static bool IsUnderstood(ConfigNode node, string type)
    {
        if (!TypeKeys.TryGetValue(type, out HashSet<string>? keys) || node.Find("reshape_count") is not null)
        {
            return false;
        }
        foreach (ConfigNode child in node.Children!)
        {
            if (child.IsSection || (!GenericKeys.Contains(child.Key) && !keys.Contains(child.Key)))
            {
                return false;
            }
        }
        return true;
    }

    private StripedSegment ReadStriped(ImportContext ctx, Extents start, Extents count)
    {
        uint stripes = ctx.NonZeroCount("stripe_count");
        var seg = new StripedSegment(start, count)
        {
            // LVM2 reads stripe_size only for two or more stripes.
            StripeSize = stripes > 1 ? ctx.UInt32("stripe_size", required: true) : 0,
        };
        seg.Areas.AddRange(ReadAreas(ctx, "stripes", stripes));
        return seg;
    }

    private MirrorSegment ReadMirror(ImportContext ctx, Extents start, Extents count)
    {
        uint legs = ctx.NonZeroCount("mirror_count");
        var seg = new MirrorSegment(start, count)
        {
            RegionSize = ctx.UInt32("region_size"),
            ExtentsMoved = ctx.Find("extents_moved") is null ? null : ctx.UInt32("extents_moved"),
        };
        string? log = ctx.String("mirror_log");
        if (log is not null)
        {
            seg.MirrorLog = FindLv(ctx, log, "mirror_log");
        }
        seg.Areas.AddRange(ReadAreas(ctx, "mirrors", legs));
        return seg;
    }

    private SnapshotSegment ReadSnapshot(ImportContext ctx, Extents start, Extents count)
    {
        string origin = ctx.String("origin", required: true)!;
        string? cow = ctx.String("cow_store");
        string? merging = ctx.String("merging_store");
        if (cow is null && merging is null)
        {
            throw ctx.Error("missing \"cow_store\"");
        }
        return new SnapshotSegment(start, count, FindLv(ctx, origin, "origin"), FindLv(ctx, cow ?? merging!, cow is null ? "merging_store" : "cow_store"))
        {
            ChunkSize = ctx.UInt32("chunk_size", required: true),
            IsMerging = cow is null,
        };
    }

    private static UnknownSegment ReadUnknown(ImportContext ctx, Extents start, Extents count, string type)
    {
        var seg = new UnknownSegment(start, count, type)
        {
            ReshapeCount = ctx.Find("reshape_count") is null ? null : ctx.UInt32("reshape_count"),
        };
        foreach (ConfigNode child in ctx.Section.Children!)
        {
            if (!GenericKeys.Contains(child.Key))
            {
                seg.Nodes.Add(child);
            }
        }
        return seg;
    }

    private List<SegmentArea> ReadAreas(ImportContext ctx, string key, uint expectedCount)
    {
        ConfigNode node = ctx.Require(key);
        if (node.IsSection || node.Value!.Kind != ConfigValueKind.Array)
        {
            throw ctx.Error($"\"{key}\" must be an array", node);
        }
        IReadOnlyList<ConfigValue> items = node.Value.Items!;
        if (items.Count != expectedCount * 2)
        {
            throw ctx.Error($"\"{key}\" holds {items.Count / 2} areas, expected {expectedCount}", node);
        }
        var areas = new List<SegmentArea>(items.Count / 2);
        for (int i = 0; i < items.Count; i += 2)
        {
            if (items[i].Kind != ConfigValueKind.String || items[i + 1].Kind != ConfigValueKind.Integer
                || items[i + 1].Integer is < 0 or > uint.MaxValue)
            {
                throw ctx.Error($"\"{key}\" must hold pairs of a volume name and an extent", node);
            }
            string name = items[i].Text!;
            var extent = new Extents((uint)items[i + 1].Integer);
            if (pvByKey.TryGetValue(name, out PhysicalVolume? pv))
            {
                areas.Add(new PvArea(pv, extent));
            }
            else if (lvByName.TryGetValue(name, out LogicalVolume? target))
            {
                areas.Add(new LvArea(target, extent));
            }
            else
            {
                throw ctx.Error($"couldn't find volume \"{name}\" referenced in \"{key}\"", node);
            }
        }
        return areas;
    }

    private LogicalVolume FindLv(ImportContext ctx, string name, string key) =>
        lvByName.TryGetValue(name, out LogicalVolume? lv)
            ? lv
            : throw ctx.Error($"couldn't find logical volume \"{name}\" referenced in \"{key}\"", ctx.Find(key));
}
