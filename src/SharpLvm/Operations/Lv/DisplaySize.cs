using System.Globalization;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Operations.Lv;

/// <summary>LVM2's display_size: two decimals and a binary unit (<c>12.00 MiB</c>), as its messages print sizes.</summary>
public static class DisplaySize
{
    private static readonly string[] UnitNames = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Format(Sectors size)
    {
        double value = size.Value / 2.0;
        if (value < 1)
        {
            return (size.Value * 512).ToString(CultureInfo.InvariantCulture) + " B";
        }
        int unit = 0;
        while (unit < UnitNames.Length - 1 && value >= 1024)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.00", CultureInfo.InvariantCulture) + " " + UnitNames[unit];
    }
}
