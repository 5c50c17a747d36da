using System.Text.Json;

namespace SharpLvm.Interop.Tests.SideBySide;

/// <summary>
/// Turns a <c>--reportformat json</c> report into sorted lines "field=value,…" with every device path replaced
/// by pvN, so LVM2's report on loop devices and ours on image files can be compared.
/// </summary>
internal static class ReportNormalizer
{
    public static List<string> Rows(string json, IReadOnlyList<string> devices)
    {
        var rows = new List<string>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return rows;
        }
        using JsonDocument doc = JsonDocument.Parse(json);
        foreach (JsonElement report in doc.RootElement.GetProperty("report").EnumerateArray())
        {
            foreach (JsonProperty section in report.EnumerateObject())
            {
                foreach (JsonElement row in section.Value.EnumerateArray())
                {
                    var fields = row.EnumerateObject().Select(p => p.Name + "=" + Normalize(p.Value.GetString() ?? string.Empty, devices));
                    rows.Add(string.Join(",", fields));
                }
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Normalize(string value, IReadOnlyList<string> devices)
    {
        // Longest first, so /dev/loop1 does not eat /dev/loop10; a detached device (empty) has no name to replace.
        foreach ((string path, int index) in devices.Select((d, i) => (d, i)).Where(t => t.d.Length > 0).OrderByDescending(t => t.d.Length))
        {
            value = value.Replace(path, "pv" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return value;
    }
}
