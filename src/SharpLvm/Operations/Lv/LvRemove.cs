using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>lvremove on the model: the LV and the internal LVs below it (mirror images, logs, temporary layers).</summary>
public static class LvRemove
{
    public static void Apply(VolumeGroup vg, string lvName, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(output);
        LogicalVolume lv = LvLookup.FindUserLv(vg, lvName, "remove");
        foreach (LogicalVolume sub in LvTree.Below(lv))
        {
            vg.LogicalVolumes.Remove(sub);
        }
        vg.LogicalVolumes.Remove(lv);
        vg.UpdateDerived();
        output.Print($"Logical volume \"{lv.Name}\" successfully removed.");
    }
}
