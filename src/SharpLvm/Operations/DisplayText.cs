using System.Globalization;
using SharpLvm.Reports;

namespace SharpLvm.Operations;

/// <summary>pvdisplay/vgdisplay helpers: LVM2's long sizes ("&lt;7.99 GiB") and its "label then value" lines.</summary>
public static class DisplayText
{
    /// <summary>LVM2's display_size with SIZE_LONG: two decimals, "KiB"…"EiB", "&lt;" when rounded up; zero is "0   ".</summary>
    public static string Size(ulong sectors)
    {
        if (sectors == 0)
        {
            return "0   ";
        }
        string s = SizeFormatter.Format(sectors, Units.Default);
        char unit = s[^1];
        string name = unit switch
        {
            'k' => "KiB",
            'm' => "MiB",
            'g' => "GiB",
            't' => "TiB",
            'p' => "PiB",
            'e' => "EiB",
            _ => "B",
        };
        return s[..^1] + " " + name;
    }

    /// <summary>"  Label" padded to 22 characters, then the value (LVM2's pvdisplay/vgdisplay columns).</summary>
    public static string Line(string label, string value) => "  " + label.PadRight(22) + value;

    public static string Line(string label, ulong value) => Line(label, value.ToString(CultureInfo.InvariantCulture));
}
