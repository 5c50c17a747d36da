using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Model;

/// <summary>
/// An LVM2 id: 32 characters from <c>[0-9a-zA-Z!#]</c>, written in groups 6-4-4-4-4-4-6 joined by '-'
/// (lib/id/id.c). <see cref="Raw"/> is the 32 characters without dashes.
/// </summary>
public readonly record struct LvmUuid
{
    public const int Length = 32;
    public const int FormattedLength = 38;
    private const string Alphanumerics = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static readonly int[] GroupLengths = [6, 4, 4, 4, 4, 4, 6];

    private LvmUuid(string raw) => Raw = raw;

    /// <summary>The 32 characters, no dashes.</summary>
    public string Raw { get; }

    /// <summary>Parses the text form; dashes anywhere are removed, then exactly 32 valid characters must remain.</summary>
    public static LvmUuid Parse(string text)
    {
        if (TryParse(text, out LvmUuid? id))
        {
            return id.Value;
        }
        throw new StorageException(ErrorCode.InvalidArgument,
            $"Invalid uuid \"{text}\": expected 32 characters from [0-9a-zA-Z!#] (dashes ignored).");
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out LvmUuid? result)
    {
        result = null;
        if (text is null)
        {
            return false;
        }
        string raw = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (raw.Length != Length)
        {
            return false;
        }
        foreach (char c in raw)
        {
            if (!IsIdChar(c))
            {
                return false;
            }
        }
        result = new LvmUuid(raw);
        return true;
    }

    /// <summary>A new random id made of alphanumerics only, as LVM2 generates them.</summary>
    public static LvmUuid NewRandom()
    {
        Span<char> chars = stackalloc char[Length];
        for (int i = 0; i < Length; i++)
        {
            chars[i] = Alphanumerics[RandomNumberGenerator.GetInt32(Alphanumerics.Length)];
        }
        return new LvmUuid(new string(chars));
    }

    /// <summary>A random id from a given generator (deterministic tests).</summary>
    public static LvmUuid NewRandom(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<char> chars = stackalloc char[Length];
        for (int i = 0; i < Length; i++)
        {
            chars[i] = Alphanumerics[random.Next(Alphanumerics.Length)];
        }
        return new LvmUuid(new string(chars));
    }

    public static bool IsIdChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '!' or '#';

    /// <summary>The 38-character form 6-4-4-4-4-4-6 (the raw text when it starts with '#', as LVM2 does).</summary>
    public override string ToString()
    {
        if (Raw is null)
        {
            return string.Empty;
        }
        if (Raw[0] == '#')
        {
            return Raw;
        }
        return string.Create(FormattedLength, Raw, static (span, raw) =>
        {
            int src = 0;
            int dst = 0;
            for (int g = 0; g < GroupLengths.Length; g++)
            {
                if (g > 0)
                {
                    span[dst++] = '-';
                }
                raw.AsSpan(src, GroupLengths[g]).CopyTo(span[dst..]);
                src += GroupLengths[g];
                dst += GroupLengths[g];
            }
        });
    }
}
