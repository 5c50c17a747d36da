using System.Globalization;
using System.Text;

namespace SharpLvm.Format.Text;

/// <summary>Writes a config tree in LVM2's style (tab indentation; arrays on one line unless read across lines).</summary>
public static class ConfigWriter
{
    /// <summary>Writes nodes as a config text with tab indentation.</summary>
    public static string Write(IEnumerable<ConfigNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var emitter = new TextEmitter(fileForm: true);
        foreach (ConfigNode node in nodes)
        {
            WriteNode(emitter, node);
        }
        return emitter.ToString();
    }

    internal static void WriteNode(TextEmitter emitter, ConfigNode node, bool ignoreBlankLine = false)
    {
        if (node.BlankLineBefore && !ignoreBlankLine)
        {
            emitter.Blank();
        }
        if (node.IsSection)
        {
            emitter.Open(FormatKey(node.Key));
            foreach (ConfigNode child in node.Children!)
            {
                WriteNode(emitter, child);
            }
            emitter.Close();
            return;
        }
        ConfigValue value = node.Value!;
        if (value.Kind == ConfigValueKind.Array && IsMultiLine(value))
        {
            emitter.Line(FormatKey(node.Key) + " = [");
            emitter.Indent++;
            IReadOnlyList<ConfigValue> items = value.Items!;
            int i = 0;
            while (i < items.Count)
            {
                int j = i + 1;
                while (j < items.Count && items[j].Line == items[i].Line)
                {
                    j++;
                }
                var line = new StringBuilder();
                for (int k = i; k < j; k++)
                {
                    if (k > i)
                    {
                        line.Append(", ");
                    }
                    line.Append(FormatScalar(items[k]));
                }
                if (j < items.Count)
                {
                    line.Append(',');
                }
                emitter.Line(line.ToString());
                i = j;
            }
            emitter.Indent--;
            emitter.Line("]");
            return;
        }
        emitter.Line(FormatKey(node.Key) + " = " + FormatValue(value));
    }

    private static bool IsMultiLine(ConfigValue array)
    {
        IReadOnlyList<ConfigValue> items = array.Items!;
        return items.Count > 0 && items[0].Line != 0 && items[0].Line != array.Line;
    }

    /// <summary>A value in config syntax: arrays as <c>["a", 1]</c>, strings quoted and escaped.</summary>
    public static string FormatValue(ConfigValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind != ConfigValueKind.Array)
        {
            return FormatScalar(value);
        }
        var sb = new StringBuilder("[");
        for (int i = 0; i < value.Items!.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(FormatScalar(value.Items[i]));
        }
        return sb.Append(']').ToString();
    }

    private static string FormatScalar(ConfigValue value) => value.Kind switch
    {
        ConfigValueKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        ConfigValueKind.Float => value.Text!,
        ConfigValueKind.String => Quote(value.Text!),
        _ => FormatValue(value),
    };

    /// <summary>A double-quoted string with <c>"</c> and <c>\</c> escaped (dm_escape_double_quotes).</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('"', '\\') < 0)
        {
            return "\"" + text + "\"";
        }
        var sb = new StringBuilder(text.Length + 8).Append('"');
        foreach (char c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static string FormatKey(string key)
    {
        foreach (char c in key)
        {
            if (char.IsWhiteSpace(c) || c is '#' or '=' or '{' or '}' or '[' or ']' or ',' or '"' or '\'')
            {
                return Quote(key);
            }
        }
        return key.Length == 0 ? "\"\"" : key;
    }
}
