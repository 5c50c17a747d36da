using System.Text.Json;
using SharpLvm.Metadata;
using SharpLvm.Reports;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Reports;

/// <summary>
/// Every fixture report made by real LVM2 2.03.16 (pvs, vgs, lvs -a with --units s and JSON), reproduced from
/// the images: same fields, same values, same layout; only /dev/loopN becomes the image path.
/// </summary>
public sealed class ReportFixtureTests(FixtureImages images) : IClassFixture<FixtureImages>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string set in FixtureImages.Sets)
        {
            foreach (string kind in new[] { "pvs", "vgs", "lvs" })
            {
                data.Add(set, kind);
            }
        }
        return data;
    }

    private static ReportKind Kind(string name) => name switch
    {
        "pvs" => ReportKind.Pvs,
        "vgs" => ReportKind.Vgs,
        _ => ReportKind.Lvs,
    };

    private static List<string> FieldsOf(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement rows = doc.RootElement.GetProperty("report")[0].EnumerateObject().First().Value;
        return rows[0].EnumerateObject().Select(p => p.Name).ToList();
    }

    private string Run(string set, string kind, ReportOptions options)
    {
        ScanResult scan = VgReader.Scan(images.Images(set));
        ReportTable table = ReportBuilder.Build(Kind(kind), options, scan.Vgs, scan.Orphans);
        var output = new StringWriter { NewLine = "\n" };
        ReportWriter.Write(table, options, output);
        return output.ToString();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Json_report_equals_lvm2s_byte_for_byte(string set, string kind)
    {
        string expected = images.WithImagePaths(set, File.ReadAllText(TestPaths.Lvm2Fixture($"{set}.{kind}.json")));
        var options = new ReportOptions
        {
            Columns = [string.Join(',', FieldsOf(expected))],
            Units = Units.Parse("s"),
            Json = true,
            All = true,
        };

        string actual = Run(set, kind, options);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_field_value_equals_lvm2s(string set, string kind)
    {
        string expectedText = images.WithImagePaths(set, File.ReadAllText(TestPaths.Lvm2Fixture($"{set}.{kind}.json")));
        List<string> fields = FieldsOf(expectedText);
        var options = new ReportOptions { Columns = [string.Join(',', fields)], Units = Units.Parse("s"), Json = true, All = true };

        using JsonDocument expected = JsonDocument.Parse(expectedText);
        using JsonDocument actual = JsonDocument.Parse(Run(set, kind, options));
        JsonElement expectedRows = expected.RootElement.GetProperty("report")[0].EnumerateObject().First().Value;
        JsonElement actualRows = actual.RootElement.GetProperty("report")[0].EnumerateObject().First().Value;

        Assert.Equal(expectedRows.GetArrayLength(), actualRows.GetArrayLength());
        for (int r = 0; r < expectedRows.GetArrayLength(); r++)
        {
            foreach (string field in fields)
            {
                Assert.True(
                    expectedRows[r].GetProperty(field).GetString() == actualRows[r].GetProperty(field).GetString(),
                    $"{set} {kind} row {r} {field}: LVM2 \"{expectedRows[r].GetProperty(field).GetString()}\", ours \"{actualRows[r].GetProperty(field).GetString()}\"");
            }
        }
    }

    [Fact]
    public void Lvs_without_all_hides_internal_lvs_and_shows_one_row_per_lv()
    {
        string text = Run("vgsample", "lvs", new ReportOptions { Columns = ["lv_name"], Json = false, Headings = false });

        string[] names = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        Assert.Equal(["err", "lin", "mir", "mirc", "str", "tagged", "zer"], names);
    }

    [Fact]
    public void Default_columns_are_lvm2s_and_aligned()
    {
        string text = Run("twomda", "vgs", new ReportOptions());

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("  VG    #PV #LV #SN Attr   VSize   VFree  ", lines[0]);
        Assert.Equal("  vgtwo   2   2   0 wz--n- 253.00m 217.00m", lines[1]);
    }
}
