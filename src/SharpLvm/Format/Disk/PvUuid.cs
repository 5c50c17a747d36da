using SharpLvm.Model;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's 32-character ids as the on-disk layer handles them (raw bytes, no dashes). The rules (alphabet,
/// generation, the dashed 6-4-4-4-4-4-6 form) are <see cref="LvmUuid"/>'s; this only adapts them to bytes.
/// </summary>
public static class PvUuid
{
    public const int Length = LvmUuid.Length;

    /// <summary>True when every character is in LVM2's accepted set <c>0-9a-zA-Z!#</c>.</summary>
    public static bool IsValidRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != Length)
        {
            return false;
        }
        foreach (byte b in raw)
        {
            if (b > 0x7f || !LvmUuid.IsIdChar((char)b))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A new random id drawn, as LVM2 does, from the 62 alphanumerics.</summary>
    public static string NewRaw() => LvmUuid.NewRandom().Raw;

    /// <summary>The dashed form written in metadata text: 6-4-4-4-4-4-6.</summary>
    public static string Dashed(string raw) =>
        raw.Length == Length
            ? LvmUuid.Parse(raw).ToString()
            : throw new ArgumentException($"An LVM id has {Length} characters: '{raw}'", nameof(raw));
}
