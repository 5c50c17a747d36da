using System.Globalization;
using System.Numerics;

namespace SharpLvm.Reports;

/// <summary>
/// Formats a size given in sectors the way LVM2's reports do (libdm's dm_size_to_string with
/// si_unit_consistency on): two decimals except for bytes and sectors, a one-letter suffix
/// (lower case for powers of 1024, upper case for powers of 1000, <c>B</c> bytes, <c>S</c> sectors),
/// zero as <c>0</c> plus the suffix, and for human-readable units the largest unit not above the value.
/// Decimals round exactly as C's printf does (half to even on an exact tie).
/// </summary>
public static class SizeFormatter
{
    private const string Prefixes1024 = "eptgmk";
    private const string Prefixes1000 = "EPTGMK";

    /// <param name="sectors">The size in 512-byte sectors.</param>
    /// <param name="units">The units.</param>
    /// <param name="suffix">False for <c>--nosuffix</c> (ignored by the human-readable forms, as in LVM2).</param>
    public static string Format(ulong sectors, Units units, bool suffix = true)
    {
        if (sectors == 0)
        {
            // LVM2 picks the suffix before scaling: a blank one for the human-readable forms.
            return suffix ? "0" + (units.IsHuman ? " " : FixedSuffix(units.Letter)) : "0";
        }
        ulong bytes = checked(sectors * 512);
        if (!units.IsHuman)
        {
            int digits = units.Letter is 'b' or 'B' or 's' or 'S' ? 0 : 2;
            string number = FormatFixed((double)bytes / units.Factor, digits);
            return suffix ? number + FixedSuffix(units.Letter) : number;
        }
        ulong unit = units.IsSiHuman ? 1000UL : 1024UL;
        string prefixes = units.IsSiHuman ? Prefixes1000 : Prefixes1024;
        ulong factor = unit * unit * unit * unit * unit * unit;
        int s = 0;
        while (s < 6 && bytes < factor)
        {
            factor /= unit;
            s++;
        }
        string suffixText = s < 6 ? prefixes[s].ToString() : (units.IsSiHuman ? "B" : "b");
        string mark = string.Empty;
        if (s < 6 && units.MarksRounding)
        {
            double d = 100.0 * bytes / factor;
            if (Math.Floor(d) != Math.Round(d, MidpointRounding.ToEven))
            {
                mark = "<";
            }
        }
        int precision = s < 6 ? 2 : 0;
        return mark + FormatFixed((double)bytes / factor, precision) + suffixText;
    }

    private static string FixedSuffix(char letter) => letter switch
    {
        'b' or 'B' => "B",
        's' or 'S' => "S",
        _ => letter.ToString(),
    };

    /// <summary>printf("%.*f") of a non-negative double: exact, ties to even.</summary>
    internal static string FormatFixed(double value, int digits)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        exponent -= 1075;
        BigInteger scale = BigInteger.Pow(10, digits);
        BigInteger numerator = new BigInteger(mantissa) * scale;
        BigInteger q;
        if (exponent >= 0)
        {
            q = numerator << exponent;
        }
        else
        {
            BigInteger denominator = BigInteger.One << -exponent;
            q = BigInteger.DivRem(numerator, denominator, out BigInteger r);
            int cmp = (r * 2).CompareTo(denominator);
            if (cmp > 0 || (cmp == 0 && !q.IsEven))
            {
                q += 1;
            }
        }
        string text = q.ToString(CultureInfo.InvariantCulture);
        if (digits == 0)
        {
            return text;
        }
        text = text.PadLeft(digits + 1, '0');
        return text[..^digits] + "." + text[^digits..];
    }
}
