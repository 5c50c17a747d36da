using System.Globalization;
using System.Text;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Format.Text;

/// <summary>
/// Parser for LVM2's config grammar (libdm-config): sections <c>name { … }</c>, settings <c>key = value</c>,
/// values int64 / float / "string" / 'string' / bare word / arrays <c>[ … ]</c>, <c>#</c> comments.
/// A syntax error throws StorageException(Corrupt) naming the line and what was expected.
/// </summary>
public sealed class ConfigParser
{
    private const int MaxCachedLength = 24;
    private readonly string _text;
    private readonly string _what;
    // Keys, flag names, PV keys and host names repeat thousands of times in a big VG: share one string each.
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _pos;
    private int _line = 1;

    private ConfigParser(string text, string what)
    {
        _text = text;
        _what = what;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private string Share(int start, int end)
    {
        ReadOnlySpan<char> span = _text.AsSpan(start, end - start);
        if (span.Length > MaxCachedLength)
        {
            return span.ToString();
        }
        if (_lookup.TryGetValue(span, out string? shared))
        {
            return shared;
        }
        string s = span.ToString();
        _strings[s] = s;
        return s;
    }

    /// <summary>Parses a whole config text into its top-level nodes, in file order.</summary>
    /// <param name="text">The text.</param>
    /// <param name="what">Names the source in error messages (e.g. "metadata on /dev/sdb").</param>
    public static List<ConfigNode> Parse(string text, string what = "metadata text")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ConfigParser(text, what);
        var nodes = new List<ConfigNode>();
        while (true)
        {
            bool blank = parser.SkipWhitespace();
            if (parser._pos >= parser._text.Length)
            {
                return nodes;
            }
            ConfigNode node = parser.ParseItem();
            node.BlankLineBefore = blank;
            nodes.Add(node);
        }
    }

    /// <summary>Parses UTF-8 bytes up to the first NUL (the on-disk form is NUL-terminated).</summary>
    public static List<ConfigNode> Parse(ReadOnlySpan<byte> utf8, string what = "metadata text") =>
        Parse(DecodeText(utf8), what);

    /// <summary>UTF-8 text up to the first NUL.</summary>
    public static string DecodeText(ReadOnlySpan<byte> utf8)
    {
        int nul = utf8.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? utf8[..nul] : utf8);
    }

    private ConfigNode ParseItem()
    {
        int line = _line;
        string key = ParseKey();
        SkipWhitespace();
        if (_pos >= _text.Length)
        {
            throw Error("'=' or '{' after \"" + key + "\"");
        }
        char c = _text[_pos];
        if (c == '{')
        {
            _pos++;
            var children = new List<ConfigNode>();
            while (true)
            {
                bool blank = SkipWhitespace();
                if (_pos >= _text.Length)
                {
                    throw Error("'}' closing section \"" + key + "\" (opened at line " + line.ToString(CultureInfo.InvariantCulture) + ")");
                }
                if (_text[_pos] == '}')
                {
                    _pos++;
                    return ConfigNode.Section(key, children, line);
                }
                ConfigNode child = ParseItem();
                child.BlankLineBefore = blank;
                children.Add(child);
            }
        }
        if (c != '=')
        {
            throw Error("'=' or '{' after \"" + key + "\"");
        }
        _pos++;
        SkipWhitespace();
        return ConfigNode.Setting(key, ParseValue(), line);
    }

    private string ParseKey()
    {
        char c = _text[_pos];
        if (c is '"' or '\'')
        {
            return ReadQuoted();
        }
        int start = _pos;
        while (_pos < _text.Length && !IsKeyTerminator(_text[_pos]))
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw Error("a key");
        }
        return Share(start, _pos);
    }

    private static bool IsKeyTerminator(char c) => char.IsWhiteSpace(c) || c is '#' or '=' or '{' or '}' or '[' or ']' or ',' or '"' or '\'';

    private ConfigValue ParseValue()
    {
        if (_pos >= _text.Length)
        {
            throw Error("a value");
        }
        if (_text[_pos] != '[')
        {
            return ParseScalar();
        }
        int line = _line;
        _pos++;
        var items = new List<ConfigValue>();
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Error("']' closing the array opened at line " + line.ToString(CultureInfo.InvariantCulture));
            }
            if (_text[_pos] == ']')
            {
                _pos++;
                return ConfigValue.FromArray(items, line);
            }
            items.Add(ParseScalar());
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                _pos++;
            }
        }
    }

    private ConfigValue ParseScalar()
    {
        int line = _line;
        char c = _text[_pos];
        if (c is '"' or '\'')
        {
            return ConfigValue.FromString(ReadQuoted(), line);
        }
        if (c is '+' or '-' or (>= '0' and <= '9'))
        {
            return ReadNumber(line);
        }
        if (c is '{' or '}' or '[' or ']' or ',' or '=' or '#')
        {
            throw Error("a value (number, string or array)");
        }
        int start = _pos;
        while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] is not ('#' or '=' or '{' or '}'))
        {
            _pos++;
        }
        return ConfigValue.FromString(Share(start, _pos), line);
    }

    private ConfigValue ReadNumber(int line)
    {
        int start = _pos;
        _pos++;
        bool isFloat = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '.')
            {
                if (isFloat)
                {
                    break;
                }
                isFloat = true;
            }
            else if (c is < '0' or > '9')
            {
                break;
            }
            _pos++;
        }
        ReadOnlySpan<char> token = _text.AsSpan(start, _pos - start);
        if (isFloat)
        {
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw Error("a number", token.ToString());
            }
            return ConfigValue.FromFloatText(token.ToString(), line);
        }
        ReadOnlySpan<char> digits = token;
        bool negative = false;
        if (digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }
        if (digits.IsEmpty)
        {
            throw Error("a number", token.ToString());
        }
        // strtoll(..., 0): a leading 0 means octal.
        int radix = digits.Length > 1 && digits[0] == '0' ? 8 : 10;
        ulong magnitude = 0;
        foreach (char d in digits)
        {
            int digit = d - '0';
            if (digit >= radix)
            {
                throw Error("a number", token.ToString());
            }
            try
            {
                magnitude = checked((magnitude * (ulong)radix) + (ulong)digit);
            }
            catch (OverflowException)
            {
                throw Error("a number in the int64 range", token.ToString());
            }
        }
        if (negative ? magnitude > 1UL + long.MaxValue : magnitude > long.MaxValue)
        {
            throw Error("a number in the int64 range", token.ToString());
        }
        long value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return ConfigValue.FromInteger(value, line);
    }

    private string ReadQuoted()
    {
        int line = _line;
        char quote = _text[_pos];
        _pos++;
        int start = _pos;
        bool escaped = false;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new StorageException(ErrorCode.Corrupt,
                    $"Parse error in {_what} at line {line}: unterminated string.");
            }
            char c = _text[_pos];
            if (c == '\n')
            {
                _line++;
            }
            if (quote == '"' && c == '\\' && _pos + 1 < _text.Length)
            {
                escaped = true;
                if (_text[_pos + 1] == '\n')
                {
                    _line++;
                }
                _pos += 2;
                continue;
            }
            if (c == quote)
            {
                break;
            }
            _pos++;
        }
        int end = _pos;
        _pos++;
        return escaped ? Unescape(_text[start..end]) : Share(start, end);
    }

    /// <summary>dm_unescape_double_quotes: <c>\"</c> → <c>"</c> and <c>\\</c> → <c>\</c>; other backslashes stay.</summary>
    private static string Unescape(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '"' or '\\')
            {
                i++;
            }
            sb.Append(raw[i]);
        }
        return sb.ToString();
    }

    /// <summary>Skips whitespace and comments; returns true when a blank line was crossed.</summary>
    private bool SkipWhitespace()
    {
        int newlines = 0;
        bool blank = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _line++;
                newlines++;
                blank |= newlines >= 2;
                _pos++;
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
                newlines = 0;
            }
            else
            {
                break;
            }
        }
        return blank;
    }

    private StorageException Error(string expected, string? found = null)
    {
        found ??= _pos >= _text.Length ? "end of text" : "'" + _text[_pos] + "'";
        return new StorageException(ErrorCode.Corrupt,
            $"Parse error in {_what} at line {_line}: expected {expected}, found {found}.");
    }
}
