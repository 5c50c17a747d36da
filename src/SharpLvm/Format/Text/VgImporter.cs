using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;

namespace SharpLvm.Format.Text;

/// <summary>Builds a <see cref="VolumeGroup"/> from a parsed config tree with LVM2's import rules (import_vsn1.c).</summary>
internal static class VgImporter
{
    public const string ContentsValue = "Text Format Volume Group";

    private static readonly HashSet<string> VgKnown =
    [
        "id", "seqno", "format", "status", "flags", "tags", "system_id", "lock_type", "lock_args", "extent_size",
        "max_lv", "max_pv", "allocation_policy", "profile", "metadata_copies", "physical_volumes", "logical_volumes",
    ];

    private static readonly HashSet<string> PvKnown =
    [
        "id", "device", "device_id_type", "device_id", "status", "flags", "tags", "dev_size", "pe_start", "pe_count",
        "ba_start", "ba_size",
    ];

    private static readonly HashSet<string> LvKnown =
    [
        "id", "status", "flags", "tags", "creation_time", "creation_host", "lock_args", "allocation_policy", "profile",
        "read_ahead", "major", "minor", "segment_count",
    ];

    public static VolumeGroup Import(List<ConfigNode> top, string what)
    {
        CheckHeader(top, what);
        ConfigNode vgNode = top.Find(n => n.IsSection)
            ?? throw new StorageException(ErrorCode.Corrupt, $"{what}: no volume group section found.");
        if (!VgName.TryParse(vgNode.Key, out VgName? vgName))
        {
            throw new StorageException(ErrorCode.Corrupt, $"{what} (line {vgNode.Line}): invalid volume group name \"{vgNode.Key}\".");
        }
        var ctx = new ImportContext($"VG {vgNode.Key}", vgNode);
        var vg = new VolumeGroup(vgName.Value, ctx.Uuid())
        {
            Seqno = ctx.UInt64("seqno", required: true),
            Format = ctx.String("format"),
            Status = (VgStatus)ctx.StatusFlags(FlagTables.VgStatusNames),
            Flags = (VgCompatFlags)ctx.CompatFlags(FlagTables.VgCompatNames),
            SystemId = ctx.String("system_id"),
            LockType = ctx.String("lock_type"),
            LockArgs = ctx.String("lock_args"),
            ExtentSize = new Sectors(ctx.UInt32("extent_size", required: true)),
            MaxLv = ctx.UInt32("max_lv"),
            MaxPv = ctx.UInt32("max_pv"),
            AllocationPolicy = ctx.Allocation(AllocationPolicy.Normal),
            Profile = ctx.String("profile"),
            MetadataCopies = ctx.UInt32("metadata_copies"),
        };
        if (vg.ExtentSize.Value == 0)
        {
            throw ctx.Error("extent_size must not be 0", ctx.Find("extent_size"));
        }
        vg.Tags.AddRange(ctx.Tags());
        ctx.CollectUnknown(VgKnown, vg.UnknownNodes);

        ConfigNode pvsNode = ctx.SubSection("physical_volumes", required: true)!;
        var pvByKey = new Dictionary<string, PhysicalVolume>(StringComparer.Ordinal);
        foreach (ConfigNode pvNode in pvsNode.Children!)
        {
            PhysicalVolume pv = ReadPv(vgNode.Key, pvNode);
            if (!pvByKey.TryAdd(pvNode.Key, pv))
            {
                throw new StorageException(ErrorCode.Corrupt, $"VG {vgNode.Key} (line {pvNode.Line}): duplicate PV section \"{pvNode.Key}\".");
            }
            vg.PhysicalVolumes.Add(pv);
        }

        ConfigNode? lvsNode = ctx.SubSection("logical_volumes", required: false);
        if (lvsNode is not null)
        {
            var lvByName = new Dictionary<string, LogicalVolume>(StringComparer.Ordinal);
            foreach (ConfigNode lvNode in lvsNode.Children!)
            {
                LogicalVolume lv = ReadLvHeader(vgNode.Key, lvNode);
                if (!lvByName.TryAdd(lvNode.Key, lv))
                {
                    throw new StorageException(ErrorCode.Corrupt, $"VG {vgNode.Key} (line {lvNode.Line}): duplicate LV \"{lvNode.Key}\".");
                }
                vg.LogicalVolumes.Add(lv);
            }
            var refs = new SegmentImporter(vg, pvByKey, lvByName);
            for (int i = 0; i < vg.LogicalVolumes.Count; i++)
            {
                refs.ReadSegments(vg.LogicalVolumes[i], lvsNode.Children[i]);
            }
            // LVM2 merges adjacent compatible segments on import (lv_merge_segments).
            SegmentMerger.MergeAdjacent(vg);
        }
        vg.UpdateDerived();
        return vg;
    }

    private static void CheckHeader(List<ConfigNode> top, string what)
    {
        ConfigNode? contents = top.Find(n => n.Key == "contents" && !n.IsSection);
        if (contents is null || contents.Value!.Kind != ConfigValueKind.String || contents.Value.Text != ContentsValue)
        {
            throw new StorageException(ErrorCode.Corrupt, $"{what}: not LVM2 text metadata (\"contents\" is not \"{ContentsValue}\").");
        }
        ConfigNode? version = top.Find(n => n.Key == "version" && !n.IsSection);
        if (version is null || version.Value!.Kind != ConfigValueKind.Integer || version.Value.Integer != 1)
        {
            throw new StorageException(ErrorCode.Corrupt, $"{what} (line {version?.Line ?? contents.Line}): unsupported metadata \"version\" (expected 1).");
        }
    }

    private static PhysicalVolume ReadPv(string vgName, ConfigNode node)
    {
        var ctx = new ImportContext($"VG {vgName}, PV {node.Key}", node);
        if (!node.IsSection)
        {
            throw ctx.Error("expected a PV section");
        }
        var pv = new PhysicalVolume(ctx.Uuid())
        {
            Key = node.Key,
            DeviceHint = ctx.String("device"),
            DeviceIdType = ctx.String("device_id_type"),
            DeviceId = ctx.String("device_id"),
            Status = (PvStatus)ctx.StatusFlags(FlagTables.PvStatusNames),
            Flags = (PvCompatFlags)ctx.CompatFlags(FlagTables.PvCompatNames),
            DevSize = new Sectors(ctx.UInt64("dev_size")),
            PeStart = new Sectors(ctx.UInt64("pe_start", required: true)),
            PeCount = ctx.UInt32("pe_count", required: true),
            BaStart = new Sectors(ctx.UInt64("ba_start")),
            BaSize = new Sectors(ctx.UInt64("ba_size")),
        };
        pv.Tags.AddRange(ctx.Tags());
        ctx.CollectUnknown(PvKnown, pv.UnknownNodes);
        return pv;
    }

    private static LogicalVolume ReadLvHeader(string vgName, ConfigNode node)
    {
        var ctx = new ImportContext($"VG {vgName}, LV {node.Key}", node);
        if (!node.IsSection)
        {
            throw ctx.Error("expected an LV section");
        }
        if (!LvName.TryParseInternal(node.Key, out LvName? name))
        {
            throw ctx.Error($"invalid logical volume name \"{node.Key}\"");
        }
        var lv = new LogicalVolume(name.Value, ctx.Uuid())
        {
            Status = (LvStatus)ctx.StatusFlags(FlagTables.LvStatusNames),
            Flags = (LvCompatFlags)ctx.CompatFlags(FlagTables.LvCompatNames),
            LockArgs = ctx.String("lock_args"),
            AllocationPolicy = ctx.Allocation(AllocationPolicy.Inherit),
            Profile = ctx.String("profile"),
            Major = (int?)ctx.Integer("major", -1, int.MaxValue),
            Minor = (int?)ctx.Integer("minor", -1, int.MaxValue),
        };
        if (lv.Major == -1)
        {
            lv.Major = null;
        }
        if (lv.Minor == -1)
        {
            lv.Minor = null;
        }
        long? readAhead = ctx.Integer("read_ahead", -1, int.MaxValue);
        // 0 on read means auto, as in LVM2.
        lv.ReadAhead = readAhead is null or 0 ? null : (int)readAhead.Value;
        lv.Tags.AddRange(ctx.Tags());
        long? time = ctx.Integer("creation_time", 0, long.MaxValue);
        string? host = ctx.String("creation_host");
        if (time is not null && host is not null)
        {
            lv.CreationTime = time.Value;
            lv.CreationHost = host;
        }
        else if (time is not null || host is not null)
        {
            throw ctx.Error("\"creation_time\" and \"creation_host\" must both be present or both absent");
        }
        foreach (ConfigNode child in node.Children!)
        {
            if (!child.IsSection && !LvKnown.Contains(child.Key))
            {
                lv.UnknownNodes.Add(child);
            }
        }
        return lv;
    }

    internal static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
}
