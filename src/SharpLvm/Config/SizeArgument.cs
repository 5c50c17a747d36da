using System.Globalization;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Config;

/// <summary>
/// LVM2's size arguments (<c>Size[UNIT]</c>): a number, optionally with a fraction, and a unit letter
/// b s k m g t p e (powers of 1024; upper case means powers of 1000, except S and B). Without a unit the
/// option's default unit applies (<c>Size[m|UNIT]</c> means MiB). The result is in bytes.
/// </summary>
public static class SizeArgument
{
    public static ulong ParseBytes(string option, string text, char defaultUnit)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Length == 0 || t[0] is '-' or '+')
        {
            throw Invalid(option, text);
        }
        char unit = defaultUnit;
        if (char.IsLetter(t[^1]))
        {
            unit = t[^1];
            t = t[..^1];
        }
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            throw Invalid(option, text);
        }
        decimal factor = unit switch
        {
            'b' or 'B' => 1m,
            's' or 'S' => 512m,
            'k' => 1024m,
            'm' => 1024m * 1024,
            'g' => 1024m * 1024 * 1024,
            't' => 1024m * 1024 * 1024 * 1024,
            'p' => 1024m * 1024 * 1024 * 1024 * 1024,
            'e' => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            'K' => 1000m,
            'M' => 1000m * 1000,
            'G' => 1000m * 1000 * 1000,
            'T' => 1000m * 1000 * 1000 * 1000,
            'P' => 1000m * 1000 * 1000 * 1000 * 1000,
            'E' => 1000m * 1000 * 1000 * 1000 * 1000 * 1000,
            _ => throw Invalid(option, text),
        };
        decimal bytes = value * factor;
        if (bytes > ulong.MaxValue)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Size is too big (>=16EiB): {option} {text}.");
        }
        return (ulong)decimal.Ceiling(bytes);
    }

    private static StorageException Invalid(string option, string text) =>
        new(ErrorCode.InvalidArgument, $"Invalid argument for {option}: {text}");
}
