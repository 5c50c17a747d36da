using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>The report fields SharpLvm knows, with LVM2's ids, headings and widths (lib/report/columns.h).</summary>
public static class FieldCatalog
{
    private static readonly ReportField[] All = [.. PvFields(), .. VgFields(), .. LvFields(), .. SegFields()];

    public static IReadOnlyList<ReportField> Fields => All;

    /// <summary>
    /// Finds a field as LVM2 does: case and underscores do not matter, and the report's own prefix
    /// (e.g. "lv_" for lvs) may be left out (<c>name</c> = <c>lv_name</c>).
    /// </summary>
    public static ReportField? Find(string name, string prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(prefix);
        string canonical = ReportField.Canonical(name);
        string p = ReportField.Canonical(prefix);
        foreach (ReportField f in All)
        {
            if (f.CanonicalId == canonical)
            {
                return f;
            }
        }
        foreach (ReportField f in All)
        {
            if (f.CanonicalId.StartsWith(p, StringComparison.Ordinal) && f.CanonicalId.AsSpan(p.Length).SequenceEqual(canonical))
            {
                return f;
            }
        }
        return null;
    }

    private static ReportField F(string id, string heading, ReportObject obj, FieldKind kind, int width,
        Func<ReportRow, ValueFormat, FieldValue> get) => new(id, heading, obj, kind, width, get);

    private static LoadedVg V(ReportRow r) => r.Vg ?? throw new InvalidOperationException("row without a VG");

    private static LogicalVolume L(ReportRow r) => r.Lv ?? throw new InvalidOperationException("row without an LV");

    private static LvSegment S(ReportRow r) => r.Seg ?? throw new InvalidOperationException("row without a segment");

    private static IEnumerable<ReportField> PvFields()
    {
        const ReportObject P = ReportObject.Pv;
        yield return F("pv_fmt", "Fmt", P, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Device is null && r.Pv is null ? "" : "lvm2"));
        yield return F("pv_uuid", "PV UUID", P, FieldKind.String, 38, (r, _) =>
            FieldValue.Str(r.Pv is not null ? r.Pv.Id.ToString() : Uuid(r.Device!.PvId)));
        yield return F("dev_size", "DevSize", P, FieldKind.Size, 0, (r, f) => f.Size(r.Device?.DevSize.Value ?? 0));
        yield return F("pv_name", "PV", P, FieldKind.String, 10, (r, _) =>
            FieldValue.Str(r.Device?.Path ?? "[unknown]"));
        yield return F("pv_mda_free", "PMdaFree", P, FieldKind.Size, 9, (r, f) => f.Size(MinOrZero(r.Device?.Mdas, m => m.FreeSectors)));
        yield return F("pv_mda_size", "PMdaSize", P, FieldKind.Size, 9, (r, f) => f.Size(MinOrZero(r.Device?.Mdas, m => m.SizeSectors)));
        yield return F("pe_start", "1st PE", P, FieldKind.Size, 7, (r, f) => f.Size(r.Pv?.PeStart.Value ?? r.Device?.PeStart.Value ?? 0));
        yield return F("pv_size", "PSize", P, FieldKind.Size, 0, (r, f) => f.Size(PvSize(r)));
        yield return F("pv_free", "PFree", P, FieldKind.Size, 0, (r, f) => f.Size(PvFree(r)));
        yield return F("pv_used", "Used", P, FieldKind.Size, 0, (r, f) => f.Size(PvSize(r) - PvFree(r)));
        yield return F("pv_attr", "Attr", P, FieldKind.String, 0, (r, _) => FieldValue.Str(PvAttr(r)));
        yield return F("pv_allocatable", "Allocatable", P, FieldKind.Number, 0, (r, _) => Bin(r.Pv is not null && (r.Pv.Status & PvStatus.Allocatable) != 0));
        yield return F("pv_exported", "Exported", P, FieldKind.Number, 10, (r, _) => Bin(r.Pv is not null && (r.Pv.Status & PvStatus.Exported) != 0));
        yield return F("pv_missing", "Missing", P, FieldKind.Number, 10, (r, _) => Bin(r.Pv is not null && (r.Device is null || (r.Pv.Flags & PvCompatFlags.Missing) != 0)));
        yield return F("pv_pe_count", "PE", P, FieldKind.Number, 3, (r, _) => FieldValue.Num(r.Pv?.PeCount ?? 0));
        yield return F("pv_pe_alloc_count", "Alloc", P, FieldKind.Number, 0, (r, _) =>
            FieldValue.Num(r.Pv is null ? 0 : VgStats.Of(V(r).Vg).Allocated(r.Pv)));
        yield return F("pv_tags", "PV Tags", P, FieldKind.StringList, 0, (r, _) => FieldValue.Str(LvDisplay.Tags(r.Pv?.Tags ?? [])));
        yield return F("pv_mda_count", "#PMda", P, FieldKind.Number, 0, (r, _) => FieldValue.Num((ulong)(r.Device?.Mdas.Count ?? 0)));
        yield return F("pv_mda_used_count", "#PMdaUse", P, FieldKind.Number, 0, (r, _) =>
            FieldValue.Num((ulong)(r.Device?.Mdas.Count(m => !m.Ignored) ?? 0)));
        yield return F("pv_ba_start", "BA Start", P, FieldKind.Size, 0, (r, f) => f.Size(r.Pv?.BaStart.Value ?? 0));
        yield return F("pv_ba_size", "BA Size", P, FieldKind.Size, 0, (r, f) => f.Size(r.Pv?.BaSize.Value ?? 0));
        yield return F("pv_in_use", "PInUse", P, FieldKind.Number, 0, (r, _) => Bin(r.Pv is not null));
        yield return F("pv_device_id", "DeviceID", P, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Pv?.DeviceId ?? ""));
        yield return F("pv_device_id_type", "DeviceIDType", P, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Pv?.DeviceIdType ?? ""));
    }

    private static IEnumerable<ReportField> VgFields()
    {
        const ReportObject G = ReportObject.Vg;
        yield return F("vg_fmt", "Fmt", G, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Vg is null ? "" : "lvm2"));
        yield return F("vg_uuid", "VG UUID", G, FieldKind.String, 38, (r, _) => FieldValue.Str(r.Vg?.Vg.Id.ToString() ?? ""));
        yield return F("vg_name", "VG", G, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Vg?.Vg.Name.Value ?? ""));
        yield return F("vg_attr", "Attr", G, FieldKind.String, 5, (r, _) => FieldValue.Str(r.Vg is null ? "" : VgAttr(r.Vg)));
        yield return F("vg_permissions", "VPerms", G, FieldKind.String, 10, (r, _) =>
            FieldValue.Str(r.Vg is null ? "" : (r.Vg.Vg.Status & VgStatus.Write) != 0 ? "writeable" : "read-only"));
        yield return F("vg_extendable", "Extendable", G, FieldKind.Number, 0, (r, _) => Bin(r.Vg is not null && (r.Vg.Vg.Status & VgStatus.Resizeable) != 0));
        yield return F("vg_exported", "Exported", G, FieldKind.Number, 10, (r, _) => Bin(r.Vg is not null && (r.Vg.Vg.Status & VgStatus.Exported) != 0));
        yield return F("vg_partial", "Partial", G, FieldKind.Number, 10, (r, _) => Bin(r.Vg is not null && r.Vg.MissingPvCount > 0));
        yield return F("vg_allocation_policy", "AllocPol", G, FieldKind.String, 10, (r, _) => FieldValue.Str(r.Vg?.Vg.AllocationPolicy.ToText() ?? ""));
        yield return F("vg_clustered", "Clustered", G, FieldKind.Number, 10, (r, _) => Bin(r.Vg is not null && (r.Vg.Vg.Status & VgStatus.Clustered) != 0));
        yield return F("vg_shared", "Shared", G, FieldKind.Number, 7, (r, _) => Bin(r.Vg is not null && (r.Vg.Vg.Status & VgStatus.Shared) != 0));
        yield return F("vg_size", "VSize", G, FieldKind.Size, 0, (r, f) =>
            f.Size(r.Vg is null ? 0 : (ulong)VgStats.Of(r.Vg.Vg).ExtentCount * r.Vg.Vg.ExtentSize.Value));
        yield return F("vg_free", "VFree", G, FieldKind.Size, 0, (r, f) =>
            f.Size(r.Vg is null ? 0 : (ulong)VgStats.Of(r.Vg.Vg).FreeCount * r.Vg.Vg.ExtentSize.Value));
        yield return F("vg_systemid", "System ID", G, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Vg?.Vg.SystemId ?? ""));
        yield return F("vg_lock_type", "LockType", G, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Vg?.Vg.LockType ?? ""));
        yield return F("vg_extent_size", "Ext", G, FieldKind.Size, 0, (r, f) => f.Size(r.Vg?.Vg.ExtentSize.Value ?? 0));
        yield return F("vg_extent_count", "#Ext", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg is null ? 0 : VgStats.Of(r.Vg.Vg).ExtentCount));
        yield return F("vg_free_count", "Free", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg is null ? 0 : VgStats.Of(r.Vg.Vg).FreeCount));
        yield return F("max_lv", "MaxLV", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg?.Vg.MaxLv ?? 0));
        yield return F("max_pv", "MaxPV", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg?.Vg.MaxPv ?? 0));
        yield return F("pv_count", "#PV", G, FieldKind.Number, 0, (r, _) => FieldValue.Num((ulong)(r.Vg?.Vg.PhysicalVolumes.Count ?? 0)));
        yield return F("vg_missing_pv_count", "#PV Missing", G, FieldKind.Number, 0, (r, _) => FieldValue.Num((ulong)(r.Vg?.MissingPvCount ?? 0)));
        yield return F("lv_count", "#LV", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg is null ? 0 : VgStats.Of(r.Vg.Vg).VisibleLvCount));
        yield return F("snap_count", "#SN", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg is null ? 0 : VgStats.Of(r.Vg.Vg).SnapshotCount));
        yield return F("vg_seqno", "Seq", G, FieldKind.Number, 0, (r, _) => FieldValue.Num(r.Vg?.Vg.Seqno ?? 0));
        yield return F("vg_tags", "VG Tags", G, FieldKind.StringList, 0, (r, _) => FieldValue.Str(LvDisplay.Tags(r.Vg?.Vg.Tags ?? [])));
        yield return F("vg_profile", "VProfile", G, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Vg?.Vg.Profile ?? ""));
        yield return F("vg_mda_count", "#VMda", G, FieldKind.Number, 0, (r, _) => FieldValue.Num((ulong)(r.Vg?.Mdas.Count() ?? 0)));
        yield return F("vg_mda_used_count", "#VMdaUse", G, FieldKind.Number, 0, (r, _) =>
            FieldValue.Num((ulong)(r.Vg?.Mdas.Count(m => !m.Ignored) ?? 0)));
        yield return F("vg_mda_free", "VMdaFree", G, FieldKind.Size, 9, (r, f) => f.Size(MinOrZero(r.Vg?.Mdas.Where(m => !m.Ignored), m => m.FreeSectors)));
        yield return F("vg_mda_size", "VMdaSize", G, FieldKind.Size, 9, (r, f) => f.Size(MinOrZero(r.Vg?.Mdas.Where(m => !m.Ignored), m => m.SizeSectors)));
        yield return F("vg_mda_copies", "#VMdaCps", G, FieldKind.Number, 0, (r, _) =>
            r.Vg is null || r.Vg.Vg.MetadataCopies == 0 ? FieldValue.Str("unmanaged") : FieldValue.Num(r.Vg.Vg.MetadataCopies));
    }

    private static IEnumerable<ReportField> LvFields()
    {
        const ReportObject O = ReportObject.Lv;
        yield return F("lv_uuid", "LV UUID", O, FieldKind.String, 38, (r, _) => FieldValue.Str(L(r).Id.ToString()));
        yield return F("lv_name", "LV", O, FieldKind.String, 4, (r, _) => FieldValue.Str(LvDisplay.Name(L(r)), L(r).Name.Value));
        yield return F("lv_full_name", "LV", O, FieldKind.String, 4, (r, _) => FieldValue.Str(V(r).Vg.Name.Value + "/" + L(r).Name.Value));
        yield return F("lv_path", "Path", O, FieldKind.String, 0, (r, _) =>
            FieldValue.Str(L(r).IsVisible ? "/dev/" + V(r).Vg.Name.Value + "/" + L(r).Name.Value : ""));
        yield return F("lv_attr", "Attr", O, FieldKind.String, 0, (r, _) => FieldValue.Str(LvDisplay.Attr(V(r), L(r), r.Live?.State(V(r), L(r)))));
        yield return F("lv_active", "Active", O, FieldKind.String, 0, (r, _) => FieldValue.Str(r.Live is null ? "unknown"
            : r.Live.State(V(r), L(r)) is { Present: true, HasLiveTable: true } ? "active" : ""));
        yield return F("lv_allocation_policy", "AllocPol", O, FieldKind.String, 10, (r, _) => FieldValue.Str(L(r).AllocationPolicy.ToText()));
        yield return F("lv_major", "Maj", O, FieldKind.Number, 0, (r, _) => SNum(L(r).Major ?? -1));
        yield return F("lv_minor", "Min", O, FieldKind.Number, 0, (r, _) => SNum(L(r).Minor ?? -1));
        yield return F("lv_size", "LSize", O, FieldKind.Size, 0, (r, f) => f.Size((ulong)L(r).ExtentCount.Value * V(r).Vg.ExtentSize.Value));
        yield return F("seg_count", "#Seg", O, FieldKind.Number, 0, (r, _) => FieldValue.Num((ulong)L(r).Segments.Count));
        yield return F("origin", "Origin", O, FieldKind.String, 0, (r, _) => FieldValue.Str(Origin(V(r), L(r))));
        yield return F("move_pv", "Move", O, FieldKind.String, 0, (_, _) => FieldValue.Blank);
        yield return F("convert_lv", "Convert", O, FieldKind.String, 0, (r, _) =>
            LvDisplay.ConvertLv(L(r)) is { } c ? FieldValue.Str(LvDisplay.Name(c), c.Name.Value) : FieldValue.Blank);
        yield return F("mirror_log", "Log", O, FieldKind.String, 0, (r, _) =>
            LvDisplay.MirrorLog(L(r)) is { } log ? FieldValue.Str(LvDisplay.Name(log), log.Name.Value) : FieldValue.Blank);
        yield return F("pool_lv", "Pool", O, FieldKind.String, 0, (_, _) => FieldValue.Blank);
        yield return F("data_lv", "Data", O, FieldKind.String, 0, (_, _) => FieldValue.Blank);
        yield return F("metadata_lv", "Meta", O, FieldKind.String, 0, (_, _) => FieldValue.Blank);
        yield return F("lv_tags", "LV Tags", O, FieldKind.StringList, 0, (r, _) => FieldValue.Str(LvDisplay.Tags(L(r).Tags)));
        yield return F("lv_profile", "LProfile", O, FieldKind.String, 0, (r, _) => FieldValue.Str(L(r).Profile ?? ""));
        yield return F("lv_host", "Host", O, FieldKind.String, 10, (r, _) => FieldValue.Str(L(r).CreationHost ?? ""));
        yield return F("data_percent", "Data%", O, FieldKind.Percent, 6, (_, _) => FieldValue.Blank);
        yield return F("snap_percent", "Snap%", O, FieldKind.Percent, 6, (_, _) => FieldValue.Blank);
        yield return F("metadata_percent", "Meta%", O, FieldKind.Percent, 6, (_, _) => FieldValue.Blank);
        yield return F("copy_percent", "Cpy%Sync", O, FieldKind.Percent, 0, (r, _) => CopyPercent(r));
        yield return F("sync_percent", "Cpy%Sync", O, FieldKind.Percent, 0, (r, _) => CopyPercent(r));
    }

    private static FieldValue CopyPercent(ReportRow r) =>
        r.Live?.CopyPercent(V(r), L(r)) is { } p
            ? new FieldValue(p.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), (ulong)Math.Round(p * 100), null)
            : FieldValue.Blank;

    private static IEnumerable<ReportField> SegFields()
    {
        const ReportObject O = ReportObject.Seg;
        yield return F("segtype", "Type", O, FieldKind.String, 0, (r, _) => FieldValue.Str(LvDisplay.SegType(S(r))));
        yield return F("stripes", "#Str", O, FieldKind.Number, 0, (r, _) => FieldValue.Num(LvDisplay.AreaCount(S(r))));
        yield return F("data_stripes", "#DStr", O, FieldKind.Number, 0, (r, _) =>
            FieldValue.Num(S(r) is MirrorSegment ? 1 : LvDisplay.AreaCount(S(r))));
        yield return F("stripe_size", "Stripe", O, FieldKind.Size, 0, (r, f) => f.Size(S(r) is StripedSegment { StripeCount: > 1 } s ? s.StripeSize : 0));
        yield return F("region_size", "Region", O, FieldKind.Size, 0, (r, f) => f.Size(S(r) is MirrorSegment m ? m.RegionSize : 0));
        yield return F("chunk_size", "Chunk", O, FieldKind.Size, 0, (r, f) => f.Size(S(r) is SnapshotSegment s ? s.ChunkSize : 0));
        yield return F("seg_start", "Start", O, FieldKind.Size, 0, (r, f) => f.Size((ulong)S(r).StartExtent.Value * V(r).Vg.ExtentSize.Value));
        yield return F("seg_start_pe", "Start", O, FieldKind.Number, 0, (r, _) => FieldValue.Num(S(r).StartExtent.Value));
        yield return F("seg_size", "SSize", O, FieldKind.Size, 0, (r, f) => f.Size((ulong)S(r).ExtentCount.Value * V(r).Vg.ExtentSize.Value));
        yield return F("seg_size_pe", "SSize", O, FieldKind.Number, 0, (r, _) => FieldValue.Num(S(r).ExtentCount.Value));
        yield return F("seg_tags", "Seg Tags", O, FieldKind.StringList, 0, (r, _) => FieldValue.Str(LvDisplay.Tags(S(r).Tags)));
        yield return F("seg_pe_ranges", "PE Ranges", O, FieldKind.StringList, 0, (r, _) => FieldValue.Str(LvDisplay.PeRanges(V(r), S(r))));
        yield return F("devices", "Devices", O, FieldKind.StringList, 0, (r, _) => FieldValue.Str(LvDisplay.Devices(V(r), S(r))));
        yield return F("seg_monitor", "Monitor", O, FieldKind.String, 0, (_, _) => FieldValue.Blank);
    }

    private static FieldValue Bin(bool value) => FieldValue.Num(value ? 1UL : 0UL);

    private static FieldValue SNum(int value) =>
        new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), unchecked((ulong)(long)value), null);

    private static ulong MinOrZero(IEnumerable<MdaInfo>? mdas, Func<MdaInfo, ulong> select)
    {
        ulong min = ulong.MaxValue;
        foreach (MdaInfo m in mdas ?? [])
        {
            min = Math.Min(min, select(m));
        }
        return min == ulong.MaxValue ? 0 : min;
    }

    private static string Uuid(string raw) => LvmUuid.TryParse(raw, out LvmUuid? id) ? id.Value.ToString() : raw;

    private static ulong PvSize(ReportRow r)
    {
        if (r.Pv is { PeCount: > 0 } pv && r.Vg is not null)
        {
            return (ulong)pv.PeCount * r.Vg.Vg.ExtentSize.Value;
        }
        return r.Pv?.DevSize.Value ?? r.Device?.DevSize.Value ?? 0;
    }

    private static ulong PvFree(ReportRow r)
    {
        if (r.Pv is null || r.Vg is null)
        {
            return PvSize(r);
        }
        return (ulong)(r.Pv.PeCount - VgStats.Of(r.Vg.Vg).Allocated(r.Pv)) * r.Vg.Vg.ExtentSize.Value;
    }

    private static string PvAttr(ReportRow r)
    {
        if (r.Pv is null)
        {
            return "---";
        }
        char a = (r.Pv.Status & PvStatus.Allocatable) != 0 ? 'a' : 'u';
        char x = r.Vg is not null && (r.Vg.Vg.Status & VgStatus.Exported) != 0 ? 'x' : '-';
        char m = r.Device is null || (r.Pv.Status & PvStatus.Missing) != 0 || (r.Pv.Flags & PvCompatFlags.Missing) != 0 ? 'm' : '-';
        return new string([a, x, m]);
    }

    private static string VgAttr(LoadedVg vg)
    {
        VgStatus s = vg.Vg.Status;
        return new string([
            (s & VgStatus.Write) != 0 ? 'w' : 'r',
            (s & VgStatus.Resizeable) != 0 ? 'z' : '-',
            (s & VgStatus.Exported) != 0 ? 'x' : '-',
            vg.MissingPvCount > 0 ? 'p' : '-',
            LvDisplay.AllocChar(vg.Vg.AllocationPolicy),
            (s & VgStatus.Clustered) != 0 ? 'c' : (s & VgStatus.Shared) != 0 ? 's' : '-',
        ]);
    }

    private static string Origin(LoadedVg vg, LogicalVolume lv)
    {
        if ((lv.Role & LvRole.Cow) == 0)
        {
            return "";
        }
        foreach (LogicalVolume other in vg.Vg.LogicalVolumes)
        {
            foreach (LvSegment seg in other.Segments)
            {
                if (seg is SnapshotSegment snap && ReferenceEquals(snap.Cow, lv))
                {
                    return LvDisplay.Name(snap.Origin);
                }
            }
        }
        return "";
    }
}
