using SharpLvm.Format.Text;
using SharpLvm.Model;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Text;

/// <summary>Golden tests over texts real LVM2 wrote for snapshot, raid1, tags, policies, read_ahead and major/minor (see Fixtures/README.md).</summary>
public class CraftedGoldenTests
{
    private static string Fixture(string name) =>
        Path.Combine(TestPaths.RepoRoot, "tests", "SharpLvm.Tests", "Format", "Text", "Fixtures", name);

    [Fact]
    public void Backup_file_rewrites_byte_for_byte()
    {
        string text = File.ReadAllText(Fixture("crafted.vgcfgbackup.txt"));

        VolumeGroup vg = VgText.Parse(text);

        Assert.Equal(text, VgText.WriteBackup(vg, GoldenFiles.HeaderOf(text)));
    }

    [Fact]
    public void On_disk_copy_rewrites_byte_for_byte()
    {
        byte[] original = File.ReadAllBytes(Fixture("crafted.seqno6.ondisk.bin"));
        string text = GoldenFiles.Decode(original[..^1]);

        VolumeGroup vg = VgText.Parse(original);

        Assert.Equal(text, VgText.WriteOnDiskText(vg, GoldenFiles.HeaderOf(text)));
        Assert.Equal(original, VgText.WriteOnDisk(vg, GoldenFiles.HeaderOf(text)));
    }

    [Fact]
    public void Lvm2_output_from_a_hand_written_input_is_what_we_write_for_it()
    {
        // The input was not in LVM2's layout (no comments, LVs in another order): our writer must produce
        // what LVM2 produced from it, apart from the header and the seqno LVM2 incremented.
        string input = File.ReadAllText(Fixture("crafted.input.txt"));
        string lvm2 = File.ReadAllText(Fixture("crafted.vgcfgbackup.txt"));
        VolumeGroup vg = VgText.Parse(input);
        vg.Seqno++;

        Assert.Equal(lvm2, VgText.WriteBackup(vg, GoldenFiles.HeaderOf(lvm2)));
    }

    [Fact]
    public void Adjacent_segments_are_merged_on_import_like_lvm2()
    {
        string input = File.ReadAllText(Fixture("merge.input.txt"));
        string lvm2 = File.ReadAllText(Fixture("merge.vgcfgbackup.txt"));

        VolumeGroup vg = VgText.Parse(input);
        vg.Seqno++;

        Assert.Single(vg.FindLv("noread")!.Segments);
        Assert.Equal(lvm2, VgText.WriteBackup(vg, GoldenFiles.HeaderOf(lvm2)));
    }

    [Fact]
    public void Model_holds_the_crafted_objects()
    {
        VolumeGroup vg = VgText.Parse(File.ReadAllText(Fixture("crafted.vgcfgbackup.txt")));

        Assert.Equal(AllocationPolicy.Cling, vg.AllocationPolicy);
        Assert.Equal(["pvtag"], vg.PhysicalVolumes[0].Tags);
        LogicalVolume tuned = vg.FindLv("tuned")!;
        Assert.Equal(256, tuned.ReadAhead);
        Assert.Equal(253, tuned.Major);
        Assert.Equal(77, tuned.Minor);
        Assert.Equal(AllocationPolicy.Contiguous, tuned.AllocationPolicy);
        Assert.Equal(["segtag"], tuned.Segments[0].Tags);
        Assert.IsType<ErrorSegment>(tuned.Segments[1]);
        Assert.IsType<ZeroSegment>(tuned.Segments[2]);
        Assert.Equal(new Extents(4), tuned.ExtentCount);
        Assert.Equal(LogicalVolume.ReadAheadNone, vg.FindLv("noread")!.ReadAhead);
        var snap = Assert.IsType<SnapshotSegment>(Assert.Single(vg.FindLv("snapshot0")!.Segments));
        Assert.Same(vg.FindLv("origin"), snap.Origin);
        Assert.Same(vg.FindLv("cow"), snap.Cow);
        Assert.Equal(LvRole.Visible | LvRole.Cow, vg.FindLv("cow")!.Role);
        Assert.Equal(LvRole.Snapshot, vg.FindLv("snapshot0")!.Role);
        LogicalVolume r1 = vg.FindLv("r1")!;
        Assert.False(r1.IsUnderstood);
        Assert.Equal("raid1", r1.Segments[0].TypeName);
    }
}
