using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>The internal LVs an LV is built from (areas and mirror logs, recursively).</summary>
public static class LvTree
{
    public static List<LogicalVolume> Below(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        var result = new List<LogicalVolume>();
        Walk(lv, result, 0);
        return result;
    }

    private static void Walk(LogicalVolume lv, List<LogicalVolume> result, int depth)
    {
        if (depth > 16)
        {
            return;
        }
        foreach (LvSegment seg in lv.Segments)
        {
            var subs = seg.AreaList.OfType<LvArea>().Select(a => a.Lv).ToList();
            if (seg is MirrorSegment { MirrorLog: { } log })
            {
                subs.Add(log);
            }
            foreach (LogicalVolume sub in subs)
            {
                if (!result.Contains(sub))
                {
                    result.Add(sub);
                    Walk(sub, result, depth + 1);
                }
            }
        }
    }
}
