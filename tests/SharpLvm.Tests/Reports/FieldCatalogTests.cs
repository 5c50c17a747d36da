using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Reports;

namespace SharpLvm.Tests.Reports;

public sealed class FieldCatalogTests
{
    [Theory]
    [InlineData("lv_name", "lv_", "lv_name")]
    [InlineData("name", "lv_", "lv_name")]
    [InlineData("LV_NAME", "lv_", "lv_name")]
    [InlineData("lvname", "lv_", "lv_name")]
    [InlineData("name", "vg_", "vg_name")]
    [InlineData("attr", "pv_", "pv_attr")]
    [InlineData("size", "lv_", "lv_size")]
    [InlineData("devices", "lv_", "devices")]
    [InlineData("seqno", "vg_", "vg_seqno")]
    public void Finds_fields_with_lvm2s_prefix_rule(string name, string prefix, string id) =>
        Assert.Equal(id, FieldCatalog.Find(name, prefix)?.Id);

    [Fact]
    public void Unknown_field_is_an_invalid_command_line()
    {
        var e = Assert.Throws<StorageException>(() => ReportBuilder.ResolveColumns(ReportKind.Lvs, ["lv_name,nosuchfield"]));
        Assert.Equal(3, e.ExitCode);
        Assert.Contains("nosuchfield", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plus_appends_and_a_plain_list_replaces()
    {
        Assert.Equal(["lv_name", "vg_name", "lv_attr", "lv_size", "pool_lv", "origin", "data_percent", "metadata_percent",
            "move_pv", "mirror_log", "copy_percent", "convert_lv", "lv_uuid"],
            ReportBuilder.ResolveColumns(ReportKind.Lvs, ["+uuid"]).Select(f => f.Id));
        Assert.Equal(["lv_name", "devices"], ReportBuilder.ResolveColumns(ReportKind.Lvs, ["name", "+devices"]).Select(f => f.Id));
    }

    [Fact]
    public void Pvs_does_not_accept_lv_fields()
    {
        var e = Assert.Throws<StorageException>(() => ReportBuilder.ResolveColumns(ReportKind.Pvs, ["lv_name"]));
        Assert.Equal(3, e.ExitCode);
    }
}
