using System.Text;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Format.Text;

/// <summary>
/// Reads the VG name, id and seqno from metadata text without building the tree: it scans only up to the
/// VG section's <c>id</c> and <c>seqno</c> (its first two keys in everything LVM2 writes).
/// </summary>
internal static class VgTextSummarizer
{
    public static VgTextSummary Summarize(ReadOnlySpan<byte> text)
    {
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        int pos = 0;
        int depth = 0;
        string? vgName = null;
        string? id = null;
        ulong? seqno = null;
        while (true)
        {
            SkipSpace(text, ref pos);
            if (pos >= text.Length)
            {
                break;
            }
            byte c = text[pos];
            if (c == '}')
            {
                depth--;
                pos++;
                if (depth == 0 && vgName is not null)
                {
                    break;
                }
                continue;
            }
            string key = ReadWord(text, ref pos);
            SkipSpace(text, ref pos);
            if (pos >= text.Length)
            {
                throw Corrupt("unexpected end of text after \"" + key + "\"");
            }
            if (text[pos] == '{')
            {
                pos++;
                if (depth == 0)
                {
                    if (vgName is not null)
                    {
                        break;
                    }
                    vgName = key;
                }
                depth++;
                continue;
            }
            if (text[pos] != '=')
            {
                throw Corrupt("expected '=' or '{' after \"" + key + "\"");
            }
            pos++;
            SkipSpace(text, ref pos);
            int valueStart = pos;
            SkipValue(text, ref pos);
            if (depth == 1 && vgName is not null)
            {
                ReadOnlySpan<byte> value = text[valueStart..pos];
                if (key == "id" && id is null)
                {
                    id = Unquote(value);
                }
                else if (key == "seqno" && seqno is null)
                {
                    seqno = ParseUInt(value);
                }
                if (id is not null && seqno is not null)
                {
                    return new VgTextSummary(vgName, id, seqno.Value);
                }
            }
        }
        throw Corrupt(vgName is null ? "no volume group section" : $"VG {vgName} has no id or seqno");
    }

    private static StorageException Corrupt(string what) =>
        new(ErrorCode.Corrupt, "Metadata text summary: " + what + ".");

    private static void SkipSpace(ReadOnlySpan<byte> text, ref int pos)
    {
        while (pos < text.Length)
        {
            byte c = text[pos];
            if (c == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v')
            {
                pos++;
            }
            else
            {
                return;
            }
        }
    }

    private static string ReadWord(ReadOnlySpan<byte> text, ref int pos)
    {
        if (text[pos] is (byte)'"' or (byte)'\'')
        {
            int start = pos;
            SkipString(text, ref pos);
            return Unquote(text[start..pos]);
        }
        int begin = pos;
        while (pos < text.Length && text[pos] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#' or (byte)'=' or (byte)'{' or (byte)'}'))
        {
            pos++;
        }
        if (pos == begin)
        {
            throw Corrupt("expected a key at byte " + pos);
        }
        return Encoding.UTF8.GetString(text[begin..pos]);
    }

    private static void SkipString(ReadOnlySpan<byte> text, ref int pos)
    {
        byte quote = text[pos++];
        while (pos < text.Length && text[pos] != quote)
        {
            pos += quote == '"' && text[pos] == '\\' ? 2 : 1;
        }
        if (pos >= text.Length)
        {
            throw Corrupt("unterminated string");
        }
        pos++;
    }

    private static void SkipValue(ReadOnlySpan<byte> text, ref int pos)
    {
        if (pos >= text.Length)
        {
            throw Corrupt("missing value");
        }
        if (text[pos] == '[')
        {
            pos++;
            while (true)
            {
                SkipSpace(text, ref pos);
                if (pos >= text.Length)
                {
                    throw Corrupt("unterminated array");
                }
                if (text[pos] == ']')
                {
                    pos++;
                    return;
                }
                if (text[pos] == ',')
                {
                    pos++;
                    continue;
                }
                int before = pos;
                SkipScalar(text, ref pos);
                if (pos == before)
                {
                    // A '}' (or another stop byte) where an array element belongs: no element to skip.
                    throw Corrupt($"unexpected '{(char)text[pos]}' in an array at byte {pos}");
                }
            }
        }
        SkipScalar(text, ref pos);
    }

    private static void SkipScalar(ReadOnlySpan<byte> text, ref int pos)
    {
        if (text[pos] is (byte)'"' or (byte)'\'')
        {
            SkipString(text, ref pos);
            return;
        }
        while (pos < text.Length && text[pos] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#' or (byte)',' or (byte)']' or (byte)'}'))
        {
            pos++;
        }
    }

    private static string Unquote(ReadOnlySpan<byte> value)
    {
        if (value.Length >= 2 && value[0] is (byte)'"' or (byte)'\'' && value[^1] == value[0])
        {
            string inner = Encoding.UTF8.GetString(value[1..^1]);
            return value[0] == '"' ? inner.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : inner;
        }
        return Encoding.UTF8.GetString(value);
    }

    private static ulong ParseUInt(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw Corrupt("empty seqno");
        }
        ulong v = 0;
        foreach (byte b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                throw Corrupt("seqno is not a number");
            }
            ulong digit = (ulong)(b - '0');
            if (v > (ulong.MaxValue - digit) / 10)
            {
                throw Corrupt("seqno is larger than 18446744073709551615");
            }
            v = (v * 10) + digit;
        }
        return v;
    }
}
