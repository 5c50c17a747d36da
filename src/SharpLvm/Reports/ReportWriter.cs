using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharpLvm.Reports;

/// <summary>
/// Prints a <see cref="ReportTable"/> exactly as LVM2 does: every line starts with LVM2's two-space message prefix;
/// columns are padded to the widest value (numbers and sizes right-aligned) unless a separator is given;
/// <c>--reportformat json</c> prints LVM2's layout (4-space indents, one row object per line).
/// </summary>
public static class ReportWriter
{
    private const string Prefix = "  ";

    public static void Write(ReportTable table, ReportOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.Json)
        {
            WriteJson(table, output);
        }
        else
        {
            WriteColumns(table, options, output);
        }
    }

    private static void WriteColumns(ReportTable table, ReportOptions options, TextWriter output)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }
        bool aligned = options.Separator is null || options.Aligned;
        string separator = options.Separator ?? " ";
        int[] widths = table.Fields.Select(f => f.InitialWidth).ToArray();
        foreach (FieldValue[] row in table.Rows)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }
        var line = new StringBuilder();
        if (options.Headings)
        {
            line.Append(Prefix);
            for (int i = 0; i < table.Fields.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(separator);
                }
                string heading = table.Fields[i].Heading;
                line.Append(aligned ? Pad(heading, widths[i], right: false) : heading);
            }
            output.Write(line.Append('\n'));
        }
        foreach (FieldValue[] row in table.Rows)
        {
            line.Clear().Append(Prefix);
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(separator);
                }
                line.Append(aligned ? Pad(row[i].Text, widths[i], table.Fields[i].IsNumeric) : row[i].Text);
            }
            output.Write(line.Append('\n'));
        }
    }

    // printf("%-*.*s") / printf("%*.*s"): pad to the width and cut what is longer.
    private static string Pad(string text, int width, bool right)
    {
        if (text.Length > width)
        {
            return text[..width];
        }
        return right ? text.PadLeft(width) : text.PadRight(width);
    }

    private static void WriteJson(ReportTable table, TextWriter output)
    {
        var sb = new StringBuilder();
        sb.Append(Prefix).Append("{\n");
        sb.Append(Prefix).Append("    \"report\": [\n");
        sb.Append(Prefix).Append("        {\n");
        sb.Append(Prefix).Append("            \"").Append(table.Kind.JsonName).Append("\": [\n");
        for (int r = 0; r < table.Rows.Count; r++)
        {
            sb.Append(Prefix).Append("                {");
            FieldValue[] row = table.Rows[r];
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }
                sb.Append('"').Append(table.Fields[i].Id).Append("\":\"").Append(Escape(row[i].Text)).Append('"');
            }
            sb.Append('}');
            if (r < table.Rows.Count - 1)
            {
                sb.Append(',');
            }
            sb.Append('\n');
        }
        sb.Append(Prefix).Append("            ]\n");
        sb.Append(Prefix).Append("        }\n");
        sb.Append(Prefix).Append("    ]\n");
        sb.Append(Prefix).Append("}\n");
        output.Write(sb);
    }

    // LVM2 escapes only '"'; we escape what JSON requires and keep everything else as it is.
    private static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAny("\"\\") && !text.Any(char.IsControl))
        {
            return text;
        }
        return JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
    }
}
