using System.Text;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>How LVM2 shows an LV and its segments: attribute letters, names, devices and ranges.</summary>
internal static class LvDisplay
{
    /// <summary>"[name]" for a hidden LV, else the name.</summary>
    public static string Name(LogicalVolume lv) => lv.IsVisible ? lv.Name.Value : "[" + lv.Name.Value + "]";

    public static bool IsVirtual(LogicalVolume lv) => lv.Segments.Exists(s => s is ErrorSegment or ZeroSegment);

    public static bool IsMirrorType(LogicalVolume lv) =>
        (lv.Role & (LvRole.MirrorTop | LvRole.MirrorImage | LvRole.MirrorLog)) != 0;

    /// <summary>The first leg of the first mirror segment when it is the temporary <c>_mimagetmp</c> layer.</summary>
    public static LogicalVolume? ConvertLv(LogicalVolume lv)
    {
        if ((lv.Role & LvRole.MirrorTop) == 0 || lv.Segments.Count == 0)
        {
            return null;
        }
        return lv.Segments[0].AreaList is [LvArea first, ..] && (first.Lv.Role & LvRole.TemporaryMirrorLayer) != 0
            ? first.Lv
            : null;
    }

    public static LogicalVolume? MirrorLog(LogicalVolume lv)
    {
        foreach (LvSegment seg in lv.Segments)
        {
            if (seg is MirrorSegment { MirrorLog: { } log })
            {
                return log;
            }
        }
        return null;
    }

    public static char AllocChar(AllocationPolicy policy) => policy switch
    {
        AllocationPolicy.Contiguous => 'c',
        AllocationPolicy.Cling => 'l',
        AllocationPolicy.ClingByTags => 't',
        AllocationPolicy.Normal => 'n',
        AllocationPolicy.Anywhere => 'a',
        AllocationPolicy.Inherit => 'i',
        _ => '-',
    };

    /// <summary>
    /// The 10 lv_attr letters. The state letters (5 and 6) come from the device host when one answers
    /// (<paramref name="live"/>); without one they are 'X' (unknown), as LVM2 shows them when it cannot ask the kernel.
    /// </summary>
    public static string Attr(LoadedVg vg, LogicalVolume lv, LvLiveState? live = null)
    {
        LvRole role = lv.Role;
        bool pvmove = (role & LvRole.PvMove) != 0;
        bool notSynced = (lv.Status & LvStatus.NotSynced) != 0;
        var a = new char[10];
        a[0] = pvmove ? 'p'
            : ConvertLv(lv) is not null ? 'c'
            : (role & LvRole.Origin) != 0 ? 'o'
            : (role & LvRole.MirrorTop) != 0 ? (notSynced ? 'M' : 'm')
            : IsVirtual(lv) ? 'v'
            : (role & LvRole.MirrorImage) != 0 ? (live is { ImageInSync: true } ? 'i' : 'I')
            : (role & LvRole.MirrorLog) != 0 ? 'l'
            : (role & LvRole.Cow) != 0 ? 's'
            : '-';
        a[1] = pvmove ? '-' : (lv.Status & LvStatus.Write) != 0 ? 'w' : (lv.Status & LvStatus.Read) != 0 ? 'r' : '-';
        a[2] = AllocChar(lv.AllocationPolicy);
        if ((lv.Status & LvStatus.Locked) != 0)
        {
            a[2] = char.ToUpperInvariant(a[2]);
        }
        a[3] = (lv.Status & LvStatus.FixedMinor) != 0 ? 'm' : '-';
        a[4] = live?.StateLetter ?? 'X';
        a[5] = live?.OpenLetter ?? 'X';
        a[6] = IsMirrorType(lv) || pvmove ? 'm'
            : (role & (LvRole.Cow | LvRole.Origin)) != 0 ? 's'
            : IsVirtual(lv) ? 'v'
            : '-';
        a[7] = '-';
        a[8] = IsPartial(vg, lv) ? 'p' : '-';
        a[9] = (lv.Flags & LvCompatFlags.ActivationSkip) != 0 ? 'k' : '-';
        return new string(a);
    }

    /// <summary>True when the LV, or an LV it is built on, uses a missing PV.</summary>
    public static bool IsPartial(LoadedVg vg, LogicalVolume lv, int depth = 0)
    {
        if (vg.MissingPvCount == 0 || depth > 16)
        {
            return false;
        }
        foreach (LvSegment seg in lv.Segments)
        {
            foreach (SegmentArea area in seg.AreaList)
            {
                if (area is PvArea pa && vg.IsMissing(pa.Pv))
                {
                    return true;
                }
                if (area is LvArea la && IsPartial(vg, la.Lv, depth + 1))
                {
                    return true;
                }
            }
            if (seg is MirrorSegment { MirrorLog: { } log } && IsPartial(vg, log, depth + 1))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The segment type as reported: "linear" for a one-stripe striped segment.</summary>
    public static string SegType(LvSegment seg) => seg is StripedSegment { StripeCount: 1 } ? "linear" : seg.TypeName;

    /// <summary>Stripes or legs (LVM2's area_count).</summary>
    public static uint AreaCount(LvSegment seg) => (uint)seg.AreaList.Count;

    public static uint AreaLength(LvSegment seg) =>
        seg is StripedSegment { StripeCount: > 0 } s ? seg.ExtentCount.Value / (uint)s.StripeCount : seg.ExtentCount.Value;

    /// <summary>"dev(pe)" per area, joined by ','.</summary>
    public static string Devices(LoadedVg vg, LvSegment seg) => FormatAreas(vg, seg, ranges: false, ",");

    /// <summary>"dev:first-last" per area, joined by ' '.</summary>
    public static string PeRanges(LoadedVg vg, LvSegment seg) => FormatAreas(vg, seg, ranges: true, " ");

    private static string FormatAreas(LoadedVg vg, LvSegment seg, bool ranges, string separator)
    {
        var sb = new StringBuilder();
        foreach (SegmentArea area in seg.AreaList)
        {
            string name;
            uint start, length;
            switch (area)
            {
                case PvArea pa:
                    name = vg.PvName(pa.Pv);
                    start = pa.StartExtent.Value;
                    length = AreaLength(seg);
                    break;
                case LvArea la:
                    // LVM2 shows an LV area from its extent 0 over the whole sub-LV.
                    name = la.Lv.Name.Value;
                    start = 0;
                    length = la.Lv.ExtentCount.Value;
                    break;
                default:
                    continue;
            }
            if (sb.Length > 0)
            {
                sb.Append(separator);
            }
            sb.Append(name);
            if (ranges)
            {
                sb.Append(':').Append(start).Append('-').Append(start + length - 1);
            }
            else
            {
                sb.Append('(').Append(start).Append(')');
            }
        }
        return sb.ToString();
    }

    /// <summary>Tags sorted and joined by ',' (LVM2's report list separator).</summary>
    public static string Tags(IEnumerable<string> tags)
    {
        var list = tags.ToList();
        list.Sort(StringComparer.Ordinal);
        return string.Join(',', list);
    }
}
