using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;
using SharpLvm.Model;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Text;

public class ImportErrorTests
{
    private static readonly string Sample = File.ReadAllText(TestPaths.Lvm2Fixture("vgsample.vgcfgbackup.txt"));

    private static string Edit(string find, string replace, int occurrence = 0)
    {
        int at = -1;
        for (int i = 0; i <= occurrence; i++)
        {
            at = Sample.IndexOf(find, at + 1, StringComparison.Ordinal);
            Assert.True(at >= 0, "fixture does not contain " + find);
        }
        return string.Concat(Sample.AsSpan(0, at), replace, Sample.AsSpan(at + find.Length));
    }

    private static StorageException Fails(string text)
    {
        var ex = Assert.Throws<StorageException>(() => VgText.Parse(text, "sample"));
        Assert.Equal(ErrorCode.Corrupt, ex.Code);
        return ex;
    }

    [Fact]
    public void Unmodified_sample_imports()
    {
        VolumeGroup vg = VgText.Parse(Sample);
        Assert.Equal(3, vg.PhysicalVolumes.Count);
        Assert.Equal(12, vg.LogicalVolumes.Count);
    }

    [Fact]
    public void Gap_between_segments_names_the_lv_and_extent()
    {
        StorageException ex = Fails(Edit("start_extent = 1", "start_extent = 2"));
        Assert.Contains("LV tagged", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gap", ex.Message, StringComparison.Ordinal);
        Assert.Contains("extent 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_segments_name_the_lv_and_extent()
    {
        StorageException ex = Fails(Edit("start_extent = 1", "start_extent = 0"));
        Assert.Contains("LV tagged", ex.Message, StringComparison.Ordinal);
        Assert.Contains("overlap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_not_starting_at_zero_is_a_gap()
    {
        StorageException ex = Fails(Edit("start_extent = 0", "start_extent = 5"));
        Assert.Contains("LV lin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_status_flag_is_an_error_naming_the_flag_and_line()
    {
        string text = Edit("status = [\"READ\", \"WRITE\", \"VISIBLE\"]", "status = [\"READ\", \"BOGUS\"]");
        StorageException ex = Fails(text);
        Assert.Contains("BOGUS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LV lin", ex.Message, StringComparison.Ordinal);
        int line = text[..text.IndexOf("BOGUS", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Contains($"line {line}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_vg_status_flag_is_an_error()
    {
        StorageException ex = Fails(Edit("\"RESIZEABLE\",", "\"RESIZEABLE\", \"NEWFLAG\","));
        Assert.Contains("VG vgsample", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NEWFLAG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_compatible_flag_is_ignored()
    {
        VolumeGroup vg = VgText.Parse(Edit("flags = []", "flags = [\"SOMETHING_NEW\", \"ACTIVATION_SKIP\"]", occurrence: 4));
        Assert.Equal(LvCompatFlags.ActivationSkip, vg.FindLv("lin")!.Flags);
    }

    [Theory]
    [InlineData("Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ON", "Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7O@", "VG vgsample")]
    [InlineData("NcT7kh-aW1C-QumV-BvYE-Ljtv-lOda-EQVjNj", "NcT7kh-aW1C-QumV-BvYE-Ljtv-lOda-EQVjN", "PV pv0")]
    [InlineData("a9GQ2c-jdsP-Vuaa-c9g7-O10d-ih15-n2edv9", "a9GQ2c-jdsP-Vuaa-c9g7-O10d-ih15-n2edv9x", "LV lin")]
    public void Bad_uuid_is_an_error_naming_the_object(string good, string bad, string obj)
    {
        StorageException ex = Fails(Edit(good, bad));
        Assert.Contains(obj, ex.Message, StringComparison.Ordinal);
        Assert.Contains("uuid", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"pv0\", 0", "\"pv7\", 0", "pv7", "LV lin")]
    [InlineData("\"mir_mimage_1\", 0", "\"nope\", 0", "nope", "LV mir")]
    [InlineData("mirror_log = \"mir_mlog\"", "mirror_log = \"gone\"", "gone", "LV mir")]
    [InlineData("segment_count = 2", "segment_count = 3", "segment_count", "LV tagged")]
    [InlineData("stripe_count = 2", "stripe_count = 3", "stripes", "LV str")]
    [InlineData("pe_count = 15", "pe_count = -1", "pe_count", "PV pv0")]
    [InlineData("extent_size = 8192", "extent_size = 0", "extent_size", "VG vgsample")]
    [InlineData("contents = \"Text Format Volume Group\"", "contents = \"Something else\"", "contents", "sample")]
    [InlineData("version = 1", "version = 2", "version", "sample")]
    public void Broken_references_and_values_name_the_object(string find, string replace, string what, string obj)
    {
        StorageException ex = Fails(Edit(find, replace));
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
        Assert.Contains(obj, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_in_metadata_names_the_line()
    {
        string text = Edit("pe_start = 2048", "pe_start 2048");
        int line = text[..text.IndexOf("pe_start 2048", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        StorageException ex = Fails(text);
        Assert.Contains($"line {line}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_lv_name_is_an_error()
    {
        StorageException ex = Fails(Edit("\t\tzer {", "\t\t-zer {"));
        Assert.Contains("-zer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_lv_is_an_error()
    {
        StorageException ex = Fails(Edit("\t\tzer {", "\t\terr {"));
        Assert.Contains("duplicate", ex.Message, StringComparison.Ordinal);
    }
}
