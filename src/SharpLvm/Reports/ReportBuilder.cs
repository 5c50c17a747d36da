using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>Turns VGs and devices into a <see cref="ReportTable"/>: chooses fields, makes rows, sorts them as LVM2 does.</summary>
public static class ReportBuilder
{
    /// <param name="kind">pvs, vgs or lvs.</param>
    /// <param name="options">Columns, sort keys, units.</param>
    /// <param name="vgs">The VGs found (in any order).</param>
    /// <param name="orphans">Devices with a PV label but no VG (pvs only).</param>
    public static ReportTable Build(ReportKind kind, ReportOptions options, IEnumerable<LoadedVg> vgs, IEnumerable<ScannedPv> orphans)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(options);
        List<ReportField> fields = ResolveColumns(kind, options.Columns);
        List<(ReportField Field, bool Descending)> sortKeys = ResolveSort(kind, options.Sort);
        bool perSegment = fields.Exists(f => f.Object == ReportObject.Seg);
        var format = new ValueFormat(options.Units, options.Suffix);

        List<ReportRow> rows = MakeRows(kind, options, vgs, orphans, perSegment);
        var values = new List<(FieldValue[] Shown, FieldValue[] Keys)>(rows.Count);
        foreach (ReportRow row in rows)
        {
            var shown = new FieldValue[fields.Count];
            for (int i = 0; i < fields.Count; i++)
            {
                shown[i] = fields[i].Get(row, format);
            }
            var keys = new FieldValue[sortKeys.Count];
            for (int i = 0; i < sortKeys.Count; i++)
            {
                keys[i] = sortKeys[i].Field.Get(row, format);
            }
            values.Add((shown, keys));
        }
        // LVM2 sorts with glibc's qsort, which is a stable merge sort for these sizes.
        var sorted = values.Order(Comparer<(FieldValue[] Shown, FieldValue[] Keys)>.Create((a, b) => Compare(sortKeys, a.Keys, b.Keys)))
            .Select(v => v.Shown)
            .ToList();
        return new ReportTable(kind, fields, sorted);
    }

    private static int Compare(List<(ReportField Field, bool Descending)> keys, FieldValue[] a, FieldValue[] b)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            int c = keys[i].Field.Kind is FieldKind.Number or FieldKind.Size or FieldKind.Percent
                ? a[i].Number.CompareTo(b[i].Number)
                : string.CompareOrdinal(a[i].SortText ?? a[i].Text, b[i].SortText ?? b[i].Text);
            if (c != 0)
            {
                return keys[i].Descending ? -Math.Sign(c) : Math.Sign(c);
            }
        }
        return 0;
    }

    private static List<ReportRow> MakeRows(ReportKind kind, ReportOptions options, IEnumerable<LoadedVg> vgs,
        IEnumerable<ScannedPv> orphans, bool perSegment)
    {
        var rows = new List<ReportRow>();
        foreach (LoadedVg vg in vgs)
        {
            if (kind == ReportKind.Vgs)
            {
                rows.Add(new ReportRow(vg, null, null, null, null));
            }
            else if (kind == ReportKind.Pvs)
            {
                foreach (PhysicalVolume pv in vg.Vg.PhysicalVolumes.Where(p => Named(options, vg.DeviceOf(p))))
                {
                    rows.Add(new ReportRow(vg, pv, vg.DeviceOf(pv), null, null));
                }
            }
            else
            {
                foreach (LogicalVolume lv in vg.Vg.LogicalVolumes)
                {
                    if ((!options.All && !lv.IsVisible)
                        || (options.LvNames.Any(n => n.StartsWith(vg.Vg.Name.Value + "/", StringComparison.Ordinal))
                            && !options.LvNames.Contains(vg.Vg.Name.Value + "/" + lv.Name.Value)))
                    {
                        continue;
                    }
                    if (perSegment)
                    {
                        foreach (LvSegment seg in lv.Segments)
                        {
                            rows.Add(new ReportRow(vg, null, null, lv, seg) { Live = options.Live });
                        }
                    }
                    else
                    {
                        rows.Add(new ReportRow(vg, null, null, lv, null) { Live = options.Live });
                    }
                }
            }
        }
        if (kind == ReportKind.Pvs)
        {
            foreach (ScannedPv orphan in orphans.Where(o => Named(options, o)))
            {
                rows.Add(new ReportRow(null, null, orphan, null, null));
            }
        }
        return rows;
    }

    private static bool Named(ReportOptions options, ScannedPv? device) =>
        options.PvNames.Count == 0 || (device is not null && options.PvNames.Contains(device.Path));

    /// <summary>Applies the <c>-o</c> values to the default columns.</summary>
    public static List<ReportField> ResolveColumns(ReportKind kind, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var fields = Lookup(kind, kind.DefaultColumns);
        foreach (string value in columns ?? [])
        {
            if (value.StartsWith('+'))
            {
                fields.AddRange(Lookup(kind, value[1..]));
            }
            else
            {
                fields = Lookup(kind, value);
            }
        }
        return fields;
    }

    private static List<(ReportField, bool)> ResolveSort(ReportKind kind, IReadOnlyList<string> sort)
    {
        string list = sort is { Count: > 0 } ? string.Join(',', sort) : kind.DefaultSort;
        var keys = new List<(ReportField, bool)>();
        foreach (string raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool descending = raw.StartsWith('-');
            string name = raw.TrimStart('+', '-');
            keys.Add((Single(kind, name), descending));
        }
        return keys;
    }

    private static List<ReportField> Lookup(ReportKind kind, string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => Single(kind, n)).ToList();

    private static ReportField Single(ReportKind kind, string name)
    {
        ReportField? field = FieldCatalog.Find(name, kind.Prefix);
        if (field is null || !kind.Objects.Contains(field.Object))
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Unrecognised field: {name}",
                $"{kind.Command} knows: " + string.Join(',', FieldCatalog.Fields.Where(f => kind.Objects.Contains(f.Object)).Select(f => f.Id)));
        }
        return field;
    }
}
