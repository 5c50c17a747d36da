using System.Globalization;
using System.Text;

namespace SharpLvm.Format.Disk;

/// <summary>
/// How pvck recognises metadata text without parsing it: a copy starts on a 512-byte boundary with a
/// line "vgname {", then "id = ...", then "seqno = N". Bytes past the end of the buffer read as zero.
/// </summary>
internal static class PvckTextScan
{
    /// <summary>pvck reads at most this many characters of a line (MAX_LINE_CHECK − 1).</summary>
    public const int MaxLine = 127;
    private const int NameLength = 128;

    /// <summary>LVM2's _copy_line: up to <see cref="MaxLine"/> chars, through the first '\n' or NUL; returns the line and how far to advance.</summary>
    public static (byte[] Line, int Advance) CopyLine(ReadOnlySpan<byte> buffer, int start)
    {
        var line = new byte[MaxLine + 1];
        int i = 0;
        for (; i < MaxLine; i++)
        {
            byte c = At(buffer, start + i);
            line[i] = c;
            if (c is (byte)'\n' or 0)
            {
                break;
            }
        }
        return (line, i + 1);
    }

    private static byte At(ReadOnlySpan<byte> buffer, int index) => index >= 0 && index < buffer.Length ? buffer[index] : (byte)0;

    /// <summary>LVM2's _check_vgname_start: "name {" with name chars [A-Za-z0-9._+-]; returns the name length or 0.</summary>
    public static int VgNameStart(ReadOnlySpan<byte> line)
    {
        int chars = 0;
        bool space = false;
        for (int i = 0; i <= NameLength + 2; i++)
        {
            byte c = At(line, i);
            if (char.IsAsciiLetterOrDigit((char)c) || c is (byte)'.' or (byte)'_' or (byte)'-' or (byte)'+')
            {
                if (space)
                {
                    return 0;
                }
                chars++;
                continue;
            }
            if (c == (byte)' ')
            {
                if (chars == 0 || space)
                {
                    return 0;
                }
                space = true;
                continue;
            }
            return c == (byte)'{' && chars > 0 && space ? chars : 0;
        }
        return 0;
    }

    /// <summary>The three first lines of a copy: vgname, id (38 chars after <c>id = "</c>), seqno; null when they do not look like metadata.</summary>
    public static (string VgName, string Id, uint Seqno)? Recognise(ReadOnlySpan<byte> buffer, int start)
    {
        var (first, a1) = CopyLine(buffer, start);
        int nameLength = VgNameStart(first);
        if (nameLength == 0)
        {
            return null;
        }
        var (second, a2) = CopyLine(buffer, start + a1);
        if (!second.AsSpan().StartsWith("id = "u8))
        {
            return null;
        }
        var idBytes = second.AsSpan(6, 38);
        int idEnd = idBytes.IndexOf((byte)0);
        string id = Encoding.ASCII.GetString(idEnd < 0 ? idBytes : idBytes[..idEnd]);
        var (third, _) = CopyLine(buffer, start + a1 + a2);
        if (!third.AsSpan().StartsWith("seqno = "u8) || !TryScanUnsigned(third.AsSpan(8), out uint seqno))
        {
            return null;
        }
        return (Encoding.ASCII.GetString(first, 0, nameLength), id, seqno);
    }

    /// <summary>sscanf("%u"): optional blanks, then digits (wrapping like C on overflow).</summary>
    private static bool TryScanUnsigned(ReadOnlySpan<byte> s, out uint value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n')
        {
            i++;
        }
        int digits = 0;
        for (; i < s.Length && char.IsAsciiDigit((char)s[i]); i++, digits++)
        {
            value = unchecked((value * 10) + (uint)(s[i] - '0'));
        }
        return digits > 0;
    }

    /// <summary>The name and seqno read from the first lines of a text (when no parser is supplied).</summary>
    public static VgTextSummary? QuickSummary(ReadOnlySpan<byte> text)
    {
        var (first, _) = CopyLine(text, 0);
        int nameLength = VgNameStart(first);
        if (nameLength == 0)
        {
            return null;
        }
        string name = Encoding.ASCII.GetString(first, 0, nameLength);
        int at = text.IndexOf("\nseqno = "u8);
        if (at < 0 || !TryScanUnsigned(text[(at + 9)..], out uint seqno))
        {
            return new VgTextSummary(name, "", 0);
        }
        return new VgTextSummary(name, "", seqno);
    }

    public static string Hex8(uint value) => value.ToString("x8", CultureInfo.InvariantCulture);
}
