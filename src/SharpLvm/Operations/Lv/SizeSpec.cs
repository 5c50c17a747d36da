using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Operations.Lv;

/// <summary>Sign of a size argument: absolute, <c>+N</c> (grow by) or <c>-N</c> (shrink by).</summary>
public enum SizeSign
{
    None,
    Plus,
    Minus,
}

/// <summary>What a <c>-l N%…</c> percentage refers to.</summary>
public enum SizePercent
{
    None,
    Vg,
    Free,
    Pvs,
    Origin,
}

/// <summary>
/// A size from the command line: <c>-L [+|-]N[.N][bBsSkKmMgGtTpPeE]</c> (default unit m, all units powers of
/// 1024 as in LVM2's size arguments) or <c>-l [+|-]N[%VG|%FREE|%PVS|%ORIGIN]</c>.
/// </summary>
public sealed record SizeSpec(SizeSign Sign, Sectors? Size, uint Extents, SizePercent Percent)
{
    /// <summary>Parses a <c>-L</c> value (or <c>-I</c>/<c>-R</c> with their default units).</summary>
    public static SizeSpec ParseSize(string text, char defaultUnit = 'm')
    {
        ArgumentNullException.ThrowIfNull(text);
        (SizeSign sign, string body) = SplitSign(text);
        int end = 0;
        while (end < body.Length && (char.IsAsciiDigit(body[end]) || body[end] == '.'))
        {
            end++;
        }
        string unit = body[end..];
        if (end == 0 || unit.Length > 1 || !double.TryParse(body[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
        {
            throw Invalid("size", text);
        }
        double sectorsPerUnit = (unit.Length == 0 ? defaultUnit : char.ToLowerInvariant(unit[0])) switch
        {
            'b' => 1.0 / 512,
            's' => 1,
            'k' => 2,
            'm' => 2048,
            'g' => 2048.0 * 1024,
            't' => 2048.0 * 1024 * 1024,
            'p' => 2048.0 * 1024 * 1024 * 1024,
            'e' => 2048.0 * 1024 * 1024 * 1024 * 1024,
            _ => throw Invalid("size", text),
        };
        double sectors = Math.Ceiling(number * sectorsPerUnit);
        if (sectors > ulong.MaxValue / 2)
        {
            throw Invalid("size", text);
        }
        return new SizeSpec(sign, new Sectors((ulong)sectors), 0, SizePercent.None);
    }

    /// <summary>Parses a <c>-l</c> value.</summary>
    public static SizeSpec ParseExtents(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        (SizeSign sign, string body) = SplitSign(text);
        int percentAt = body.IndexOf('%', StringComparison.Ordinal);
        string number = percentAt < 0 ? body : body[..percentAt];
        SizePercent percent = percentAt < 0 ? SizePercent.None : body[(percentAt + 1)..].ToUpperInvariant() switch
        {
            "VG" => SizePercent.Vg,
            "FREE" => SizePercent.Free,
            "PVS" => SizePercent.Pvs,
            "ORIGIN" => SizePercent.Origin,
            _ => throw Invalid("extents", text),
        };
        if (!uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
            || (percent != SizePercent.None && value > 100 && sign != SizeSign.Plus && percent != SizePercent.Origin))
        {
            throw Invalid("extents", text);
        }
        return new SizeSpec(sign, null, value, percent);
    }

    private static (SizeSign, string) SplitSign(string text) => text.StartsWith('+') ? (SizeSign.Plus, text[1..])
        : text.StartsWith('-') ? (SizeSign.Minus, text[1..]) : (SizeSign.None, text);

    private static StorageException Invalid(string what, string text) =>
        new(ErrorCode.InvalidArgument, $"Invalid argument for --{what}: {text}");
}
