using System.Globalization;
using System.Text;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;

namespace SharpLvm.Operations.Lv;

/// <summary>
/// lvdisplay's block per LV, in LVM2's layout (lvdisplay_full): an LV whose device is live (<paramref name="live"/>, from the
/// device host) shows "available" or "suspended", its open count and block device; otherwise "NOT available" and neither.
/// </summary>
public static class LvDisplayText
{
    public static string Format(LoadedVg loaded, LogicalVolume lv, LvLiveState? live = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(lv);
        VolumeGroup vg = loaded.Vg;
        var sb = new StringBuilder();
        void Line(string key, string value) => sb.Append("  ").Append(key.PadRight(23)).Append(value).Append('\n');
        sb.Append("  --- Logical volume ---\n");
        Line("LV Path", $"/dev/{vg.Name}/{lv.Name}");
        Line("LV Name", lv.Name.Value);
        Line("VG Name", vg.Name.Value);
        Line("LV UUID", lv.Id.ToString());
        Line("LV Write Access", (lv.Status & LvStatus.Write) != 0 ? "read/write" : "read only");
        if (lv.CreationTime != 0)
        {
            string time = DateTimeOffset.FromUnixTimeSeconds(lv.CreationTime).ToString("yyyy-MM-dd HH:mm:ss zz00", CultureInfo.InvariantCulture);
            Line("LV Creation host, time", $"{lv.CreationHost}, {time}");
        }
        bool inKernel = live is { InKernel: true };
        Line("LV Status", !inKernel ? "NOT available" : live!.Value.Suspended ? "suspended" : "available");
        if (inKernel)
        {
            Line("# open", live!.Value.OpenCount.ToString(CultureInfo.InvariantCulture));
        }
        Line("LV Size", DisplaySize.Format(lv.ExtentCount.ToSectors(vg.ExtentSize)));
        Line("Current LE", lv.ExtentCount.ToString());
        if (lv.Segments.Count >= 1 && lv.Segments[0] is MirrorSegment m)
        {
            Line("Mirrored volumes", m.Areas.Count.ToString(CultureInfo.InvariantCulture));
        }
        Line("Segments", lv.Segments.Count.ToString(CultureInfo.InvariantCulture));
        Line("Allocation", lv.AllocationPolicy.ToText());
        Line("Read ahead sectors", lv.ReadAhead switch
        {
            null => "auto",
            LogicalVolume.ReadAheadNone => "0",
            int n => n.ToString(CultureInfo.InvariantCulture),
        });
        if ((lv.Status & LvStatus.FixedMinor) != 0)
        {
            if (lv.Major is >= 0)
            {
                Line("Persistent major", lv.Major.Value.ToString(CultureInfo.InvariantCulture));
            }
            Line("Persistent minor", (lv.Minor ?? -1).ToString(CultureInfo.InvariantCulture));
        }
        if (inKernel)
        {
            Line("Block device", $"{live!.Value.Number.Major}:{live.Value.Number.Minor}");
        }
        sb.Append("   \n");
        return sb.ToString();
    }
}
