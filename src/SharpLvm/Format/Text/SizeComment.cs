using System.Globalization;

namespace SharpLvm.Format.Text;

/// <summary>The "# 4 Megabytes" comments of backup files (export.c _sectors_to_units: "%g" of a divided size).</summary>
internal static class SizeComment
{
    private static readonly string[] Units = ["Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Petabytes", "Exabytes"];

    public static string For(ulong sectors)
    {
        double d = sectors / 2.0;
        int i = 0;
        while (d > 1024.0 && i < Units.Length - 1)
        {
            d /= 1024.0;
            i++;
        }
        return "# " + FormatG(d) + " " + Units[i];
    }

    /// <summary>C's "%g": six significant digits, trailing zeros removed, exponent form outside 1e-4 .. 1e6.</summary>
    internal static string FormatG(double d)
    {
        if (d == 0)
        {
            return "0";
        }
        string e = d.ToString("E5", CultureInfo.InvariantCulture);
        int exp = int.Parse(e.AsSpan(e.IndexOf('E', StringComparison.Ordinal) + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exp < -4 || exp >= 6)
        {
            string mantissa = e[..e.IndexOf('E', StringComparison.Ordinal)];
            mantissa = TrimZeros(mantissa);
            return mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        string fixedText = d.ToString("F" + (5 - exp).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return TrimZeros(fixedText);
    }

    private static string TrimZeros(string s)
    {
        if (!s.Contains('.', StringComparison.Ordinal))
        {
            return s;
        }
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }
}
