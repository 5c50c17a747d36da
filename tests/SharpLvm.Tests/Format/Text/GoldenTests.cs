using SharpLvm.Format.Text;
using SharpLvm.Model;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Text;

public class GoldenTests
{
    public static TheoryData<string> Backups() => new(GoldenFiles.BackupFiles());

    public static TheoryData<string, long, int> Copies()
    {
        var data = new TheoryData<string, long, int>();
        foreach (var c in GoldenFiles.OnDiskCopies())
        {
            data.Add(c.Image, c.Offset, c.Length);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Backups))]
    public void Backup_file_rewrites_byte_for_byte(string relative)
    {
        string text = File.ReadAllText(TestPaths.SharedFile(relative));
        VolumeGroup vg = VgText.Parse(text, relative);

        string written = VgText.WriteBackup(vg, GoldenFiles.HeaderOf(text));

        Assert.Equal(text, written);
    }

    [Theory]
    [MemberData(nameof(Copies))]
    public void On_disk_copy_rewrites_byte_for_byte(string image, long offset, int length)
    {
        byte[] original = GoldenFiles.CopyBytes(image, offset, length);
        Assert.Equal(0, original[^1]);
        string text = GoldenFiles.Decode(original[..^1]);
        VolumeGroup vg = VgText.Parse(original, $"{image}@{offset}");

        byte[] written = VgText.WriteOnDisk(vg, GoldenFiles.HeaderOf(text));

        Assert.Equal(text, GoldenFiles.Decode(written[..^1]));
        Assert.Equal(original, written);
    }

    [Theory]
    [MemberData(nameof(Copies))]
    public void Summary_matches_pvck(string image, long offset, int length)
    {
        var expected = GoldenFiles.OnDiskCopies().Single(c => c.Image == image && c.Offset == offset);
        byte[] original = GoldenFiles.CopyBytes(image, offset, length);

        VgTextSummary summary = VgText.Summarize(original);

        Assert.Equal(expected.VgName, summary.VgName);
        Assert.Equal(expected.Seqno, summary.Seqno);
        VolumeGroup vg = VgText.Parse(original);
        Assert.Equal(vg.Id.ToString(), summary.VgId);
    }

    [Theory]
    [MemberData(nameof(Backups))]
    public void Backup_and_on_disk_forms_parse_to_the_same_text(string relative)
    {
        string text = File.ReadAllText(TestPaths.SharedFile(relative));
        VgTextHeader header = GoldenFiles.HeaderOf(text);
        VolumeGroup vg = VgText.Parse(text);

        VolumeGroup again = VgText.Parse(VgText.WriteOnDisk(vg, header));

        Assert.Equal(text, VgText.WriteBackup(again, header));
    }
}
