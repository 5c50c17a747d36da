using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Tests.Format.Text;

public class WriterDetailTests
{
    [Theory]
    [InlineData(0UL, "# 0 Kilobytes")]
    [InlineData(1UL, "# 0.5 Kilobytes")]
    [InlineData(2UL, "# 1 Kilobytes")]
    [InlineData(2048UL, "# 1024 Kilobytes")]
    [InlineData(2049UL, "# 1.00049 Megabytes")]
    [InlineData(8192UL, "# 4 Megabytes")]
    [InlineData(131072UL, "# 64 Megabytes")]
    [InlineData(7UL, "# 3.5 Kilobytes")]
    [InlineData(12345678UL, "# 5.88688 Gigabytes")]
    [InlineData(18446744073709551615UL, "# 8192 Exabytes")]
    [InlineData(3298534883329UL, "# 1.5 Petabytes")]
    [InlineData(999999UL, "# 488.281 Megabytes")]
    [InlineData(2199023255551UL, "# 1024 Terabytes")]
    public void Size_comments_match_lvm2s_percent_g(ulong sectors, string expected) =>
        Assert.Equal(expected, SizeComment.For(sectors));

    [Theory]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(100000.0, "100000")]
    [InlineData(1234567.0, "1.23457e+06")]
    [InlineData(999999.5, "1e+06")]
    [InlineData(2.5, "2.5")]
    public void Percent_g_formatting(double value, string expected) =>
        Assert.Equal(expected, SizeComment.FormatG(value));

    [Fact]
    public void Ctime_pads_the_day_with_a_space()
    {
        Assert.Equal("Tue Nov 24 13:20:03 2026", VgTextHeader.CTime(1795526403, TimeZoneInfo.Utc));
        Assert.Equal("Thu Jan  1 00:00:01 1970", VgTextHeader.CTime(1, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Iso_time_prints_the_zone_offset()
    {
        var plus = TimeZoneInfo.CreateCustomTimeZone("p", TimeSpan.FromMinutes(330), "p", "p");
        var minus = TimeZoneInfo.CreateCustomTimeZone("m", TimeSpan.FromHours(-7), "m", "m");
        Assert.Equal("2026-11-24 13:20:02 +0000", VgTextHeader.IsoTime(1795526402, TimeZoneInfo.Utc));
        Assert.Equal("2026-11-24 18:50:02 +0530", VgTextHeader.IsoTime(1795526402, plus));
        Assert.Equal("2026-11-24 06:20:02 -0700", VgTextHeader.IsoTime(1795526402, minus));
    }

    [Fact]
    public void On_disk_form_is_nul_terminated_and_has_the_header_last()
    {
        var vg = new VolumeGroup(VgName.Parse("v"), LvmUuid.NewRandom()) { ExtentSize = new(8192), Seqno = 3 };
        var header = new VgTextHeader { Description = "Write from x.", CreationHost = "h", HostComment = "Linux h", CreationTime = 1 };

        byte[] bytes = VgText.WriteOnDisk(vg, header);
        string text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.Equal(0, bytes[^1]);
        Assert.Equal(1, bytes.Count(b => b == 0));
        Assert.StartsWith("v {\nid = \"", text, StringComparison.Ordinal);
        Assert.EndsWith("creation_time = 1\t# Thu Jan  1 00:00:01 1970\n\n\0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\t\t", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_helpers_match_the_fixture_texts()
    {
        byte[] copy = GoldenFiles.CopyBytes("vgsample.pv0.img.zst", 43008, 4582);
        VgTextDocument doc = VgText.ParseDocument(GoldenFiles.Decode(copy[..^1]));
        Assert.Equal(VgTextHeader.WriteFrom("vgchange -q --addtag lab vgsample"), doc.Description);
        Assert.Equal("Created *after* executing 'lvcreate -n x vg'", VgTextHeader.CreatedAfter("lvcreate -n x vg"));
    }

    [Fact]
    public void Header_for_this_host_parses_back()
    {
        VgTextHeader header = VgTextHeader.ForThisHost(VgTextHeader.WriteFrom("test"));
        var vg = new VolumeGroup(VgName.Parse("v"), LvmUuid.NewRandom()) { ExtentSize = new(8192) };

        VgTextDocument doc = VgText.ParseDocument(VgText.WriteOnDiskText(vg, header));

        Assert.Equal(header.CreationHost, doc.CreationHost);
        Assert.Equal(header.CreationTime, doc.CreationTime);
        Assert.StartsWith("Linux ", header.HostComment, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_escapes_quotes_in_the_description()
    {
        var vg = new VolumeGroup(VgName.Parse("v"), LvmUuid.NewRandom()) { ExtentSize = new(8192) };
        var header = new VgTextHeader { Description = "lvcreate -n \"x\" \\", CreationHost = "h", HostComment = "c", CreationTime = 1 };

        string text = VgText.WriteBackup(vg, header);

        Assert.Contains("description = \"lvcreate -n \\\"x\\\" \\\\\"\n", text, StringComparison.Ordinal);
        Assert.Equal(header.Description, VgText.ParseDocument(text).Description);
    }

    [Fact]
    public void Summarize_reads_name_id_and_seqno_and_rejects_garbage()
    {
        byte[] text = "# c\nmyvg {\nid = \"Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ON\"\nseqno = 42\nphysical_volumes {\n}\n}\n\0junk"u8.ToArray();

        Assert.Equal(new VgTextSummary("myvg", "Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ON", 42), VgText.Summarize(text));
        var ex = Assert.Throws<SharpLvm.DeviceMapper.Errors.StorageException>(() => VgText.Summarize("contents = \"x\"\n"u8.ToArray()));
        Assert.Equal(SharpLvm.DeviceMapper.Errors.ErrorCode.Corrupt, ex.Code);
    }
}
