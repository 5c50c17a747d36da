using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>
/// Where a sector of an LV lives on the PV images, from the metadata alone (no device-mapper): linear and
/// striped segments map to one place, a mirror to one place per leg (sub-LVs followed down to PV areas).
/// </summary>
internal static class LvPvMap
{
    /// <summary>(PV image path, byte offset) of every copy of <paramref name="sector"/> of <paramref name="lv"/>.</summary>
    public static List<(string Path, long Offset)> Locate(LoadedVg loaded, LogicalVolume lv, ulong sector)
    {
        var result = new List<(string, long)>();
        Walk(loaded, lv, sector, result);
        return result;
    }

    private static void Walk(LoadedVg loaded, LogicalVolume lv, ulong sector, List<(string, long)> result)
    {
        ulong extent = loaded.Vg.ExtentSize.Value;
        LvSegment seg = lv.Segments.First(s => sector >= (ulong)s.StartExtent.Value * extent && sector < (ulong)s.EndExtent.Value * extent);
        ulong inSeg = sector - (ulong)seg.StartExtent.Value * extent;
        switch (seg)
        {
            case StripedSegment { StripeCount: > 1 } s:
            {
                ulong chunk = inSeg / s.StripeSize;
                int stripe = (int)(chunk % (ulong)s.StripeCount);
                ulong inArea = chunk / (ulong)s.StripeCount * s.StripeSize + inSeg % s.StripeSize;
                Area(loaded, s.Areas[stripe], inArea, result);
                break;
            }
            case StripedSegment s:
                Area(loaded, s.Areas[0], inSeg, result);
                break;
            case MirrorSegment m:
                foreach (SegmentArea leg in m.Areas)
                {
                    Area(loaded, leg, inSeg, result);
                }
                break;
            default:
                throw new InvalidOperationException($"{lv.Name}: segment {seg.TypeName} not mapped");
        }
    }

    private static void Area(LoadedVg loaded, SegmentArea area, ulong offset, List<(string, long)> result)
    {
        ulong extent = loaded.Vg.ExtentSize.Value;
        switch (area)
        {
            case PvArea pv:
            {
                string path = loaded.DeviceOf(pv.Pv)?.Path ?? throw new InvalidOperationException($"PV {pv.Pv.Id} missing");
                result.Add((path, (long)((pv.Pv.PeStart.Value + (ulong)pv.StartExtent.Value * extent + offset) * 512)));
                break;
            }
            case LvArea sub:
                Walk(loaded, sub.Lv, (ulong)sub.StartExtent.Value * extent + offset, result);
                break;
            default:
                throw new InvalidOperationException($"area {area} not mapped");
        }
    }
}
