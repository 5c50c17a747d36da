using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>
/// The metadata of LVM2's collapse after an up-convert has resynced (<c>collapse_mirrored_lv</c>): the top mirror
/// <c>[lv_mimagetmp_N, new legs…]</c> with a core log becomes one mirror of the layer's legs followed by the new
/// legs, with the layer's log and region size; the layer LV goes. Repeats while the first leg is a layer.
/// What happens to the layer's device (error table, resumed before the top, removed) is the planner's generic
/// handling of a device that leaves a stack.
/// </summary>
public static class MirrorCollapse
{
    /// <summary>Returns the number of layers collapsed (0 when <paramref name="lv"/> is not converting).</summary>
    public static int Apply(VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        int collapsed = 0;
        while (lv.Segments is [MirrorSegment top] && LvConvertMirror.IsConverting(top))
        {
            LogicalVolume layer = ((LvArea)top.Areas[0]).Lv;
            var inner = (MirrorSegment)layer.Segments.Single();
            var merged = new MirrorSegment(top.StartExtent, top.ExtentCount)
            {
                MirrorLog = inner.MirrorLog,
                RegionSize = inner.RegionSize != 0 ? inner.RegionSize : top.RegionSize,
            };
            merged.Areas.AddRange(inner.Areas);
            merged.Areas.AddRange(top.Areas.Skip(1));
            lv.Segments.Clear();
            lv.Segments.Add(merged);
            vg.LogicalVolumes.Remove(layer);
            collapsed++;
        }
        vg.UpdateDerived();
        return collapsed;
    }
}
