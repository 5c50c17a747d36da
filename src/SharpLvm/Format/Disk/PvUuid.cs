using System.Security.Cryptography;

namespace SharpLvm.Format.Disk;

/// <summary>LVM2's 32-character ids as they sit on disk (no dashes), and their dashed 6-4-4-4-4-4-6 form.</summary>
public static class PvUuid
{
    public const int Length = 32;
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>True when every character is in LVM2's accepted set <c>0-9a-zA-Z!#</c>.</summary>
    public static bool IsValidRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != Length)
        {
            return false;
        }
        foreach (byte b in raw)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'!' || b == (byte)'#'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A new random id drawn, as LVM2 does, from the 62 alphanumerics.</summary>
    public static string NewRaw() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The dashed form written in metadata text: 6-4-4-4-4-4-6.</summary>
    public static string Dashed(string raw)
    {
        if (raw.Length != Length)
        {
            throw new ArgumentException($"An LVM id has {Length} characters: '{raw}'", nameof(raw));
        }
        return string.Join('-', raw[..6], raw[6..10], raw[10..14], raw[14..18], raw[18..22], raw[22..26], raw[26..]);
    }
}
