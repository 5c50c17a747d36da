using SharpLvm.Format.Text;
using SharpLvm.Model;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Text;

/// <summary>What the model does not understand is kept and written back.</summary>
public class PreservationTests
{
    private static readonly string Sample = File.ReadAllText(TestPaths.Lvm2Fixture("vgsample.vgcfgbackup.txt"));

    private static string Replace(string find, string replace)
    {
        int at = Sample.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0);
        return string.Concat(Sample.AsSpan(0, at), replace, Sample.AsSpan(at + find.Length));
    }

    [Fact]
    public void Known_segment_type_with_an_unknown_key_is_kept_verbatim()
    {
        string text = Replace("\t\t\t\tstripe_count = 1\t# linear\n\n\t\t\t\tstripes = [\n\t\t\t\t\t\"pv0\", 0\n",
            "\t\t\t\tstripe_count = 1\n\t\t\t\tfuture_option = \"x\"\n\n\t\t\t\tstripes = [\n\t\t\t\t\t\"pv0\", 0\n");

        VolumeGroup vg = VgText.Parse(text);

        LvSegment seg = Assert.Single(vg.FindLv("lin")!.Segments);
        var unknown = Assert.IsType<UnknownSegment>(seg);
        Assert.Equal("striped", unknown.TypeName);
        Assert.False(vg.FindLv("lin")!.IsUnderstood);
        string written = VgText.WriteBackup(vg, GoldenFiles.HeaderOf(text));
        Assert.Contains("\t\t\t\tfuture_option = \"x\"\n\n\t\t\t\tstripes = [\n\t\t\t\t\t\"pv0\", 0\n\t\t\t\t]\n", written, StringComparison.Ordinal);
        Assert.Equal(written, VgText.WriteBackup(VgText.Parse(written), GoldenFiles.HeaderOf(text)));
    }

    [Fact]
    public void Historical_lvs_and_unknown_keys_survive_a_rewrite()
    {
        string text = Replace("\tmetadata_copies = 0\n", "\tmetadata_copies = 0\n\tnew_vg_key = [1, -2, \"three\"]\n");
        text = text[..^"\t}\n\n}\n".Length] + "\t}\n\n\thistorical_logical_volumes {\n\n\t\thlv {\n\t\t\tid = \"a9GQ2c-jdsP-Vuaa-c9g7-O10d-ih15-n2edv0\"\n\t\t\tremoval_time = 1795526403\n\t\t}\n\t}\n}\n";
        text = text.Replace("\t\t\tdev_size = 131072\t# 64 Megabytes\n\t\t\tpe_start = 2048\n\t\t\tpe_count = 15\t# 60 Megabytes\n\t\t}\n\n\t\tpv1",
            "\t\t\tdev_size = 131072\t# 64 Megabytes\n\t\t\tpe_start = 2048\n\t\t\tpe_count = 15\t# 60 Megabytes\n\t\t\tpv_future = 7\n\t\t}\n\n\t\tpv1", StringComparison.Ordinal);

        VolumeGroup vg = VgText.Parse(text);

        Assert.Equal(2, vg.UnknownNodes.Count);
        Assert.Single(vg.PhysicalVolumes[0].UnknownNodes);
        Assert.Equal(text, VgText.WriteBackup(vg, GoldenFiles.HeaderOf(text)));
    }
}
