using SharpLvm.Format.Text;
using SharpLvm.Model;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Model;

public class LvRoleTests
{
    private static VolumeGroup Load(string relative) => VgText.Parse(File.ReadAllText(TestPaths.SharedFile(relative)));

    [Fact]
    public void Temporary_mirror_layer_is_found_from_references_not_names()
    {
        VolumeGroup vg = Load("traces/meta/runB/meta-during_lvconvert_-mp1__transient__mimagetmp_layer__before_the_first_progress_check_.vg");

        Assert.Equal(LvRole.Visible | LvRole.MirrorTop, vg.FindLv("lvol0")!.Role);
        Assert.Equal(LvRole.MirrorTop | LvRole.MirrorImage | LvRole.TemporaryMirrorLayer, vg.FindLv("lvol0_mimagetmp_2")!.Role);
        Assert.Equal(LvRole.MirrorImage, vg.FindLv("lvol0_mimage_0")!.Role);
        Assert.Equal(LvRole.MirrorImage, vg.FindLv("lvol0_mimage_2")!.Role);
        Assert.Equal(LvRole.MirrorLog, vg.FindLv("lvol0_mlog")!.Role);
    }

    [Fact]
    public void Roles_follow_references_after_a_rename()
    {
        VolumeGroup vg = Load("fixtures/lvm2-2.03.16/vgsample.vgcfgbackup.txt");
        LogicalVolume leg = vg.FindLv("mir_mimage_0")!;
        leg.Name = LvName.ParseInternal("renamed");

        vg.UpdateDerived();

        Assert.Equal(LvRole.MirrorImage, leg.Role);
        Assert.Equal(LvRole.Visible | LvRole.MirrorTop, vg.FindLv("mir")!.Role);
        Assert.Equal(LvRole.Visible, vg.FindLv("lin")!.Role);
        Assert.True(vg.IsUnderstood);
    }

    [Fact]
    public void Snapshot_visibility_follows_lvm2()
    {
        var vg = new VolumeGroup(VgName.Parse("vg"), LvmUuid.NewRandom()) { ExtentSize = new(8192) };
        var pv = new PhysicalVolume(LvmUuid.NewRandom()) { PeCount = 100 };
        vg.PhysicalVolumes.Add(pv);
        LogicalVolume origin = Linear(vg, "origin", pv, 0, visible: true);
        LogicalVolume cow = Linear(vg, "snap", pv, 10, visible: false);
        var snapshot = new LogicalVolume(LvName.ParseInternal("snapshot0"), LvmUuid.NewRandom());
        snapshot.Segments.Add(new SnapshotSegment(Extents.Zero, new Extents(5), origin, cow) { ChunkSize = 8 });
        vg.LogicalVolumes.Add(snapshot);

        vg.UpdateDerived();

        Assert.Equal(LvRole.Visible | LvRole.Origin, origin.Role);
        Assert.Equal(LvRole.Visible | LvRole.Cow, cow.Role);
        Assert.Equal(LvRole.Snapshot, snapshot.Role);
        string text = VgText.WriteOnDiskText(vg, new VgTextHeader { Description = "d", CreationHost = "h", HostComment = "c", CreationTime = 1 });
        Assert.True(text.IndexOf("\nsnap {", StringComparison.Ordinal) < text.IndexOf("\nsnapshot0 {", StringComparison.Ordinal));
        Assert.Contains("cow_store = \"snap\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_segments_make_the_lv_not_understood()
    {
        const string raid = "\t\t\t\ttype = \"raid1\"\n\t\t\t\tregion_size = 1024\n\n\t\t\t\traids = [\n\t\t\t\t\t\"lin_rmeta_0\", \"lin_rimage_0\"\n\t\t\t\t]\n";
        string text = File.ReadAllText(TestPaths.Lvm2Fixture("vgsample.vgcfgbackup.txt"));
        int at = text.IndexOf("\t\t\t\ttype = \"error\"\n", StringComparison.Ordinal);
        text = string.Concat(text.AsSpan(0, at), raid, text.AsSpan(at + "\t\t\t\ttype = \"error\"\n".Length));

        VolumeGroup vg = VgText.Parse(text);

        LogicalVolume err = vg.FindLv("err")!;
        Assert.False(err.IsUnderstood);
        Assert.False(vg.IsUnderstood);
        Assert.True((err.Role & LvRole.NotUnderstood) != 0);
        Assert.Contains(raid, VgText.WriteBackup(vg, new VgTextHeader { Description = "d", CreationHost = "h", HostComment = "c", CreationTime = 1 }), StringComparison.Ordinal);
    }

    private static LogicalVolume Linear(VolumeGroup vg, string name, PhysicalVolume pv, uint pe, bool visible)
    {
        var lv = new LogicalVolume(LvName.ParseInternal(name), LvmUuid.NewRandom())
        {
            Status = LvStatus.Read | LvStatus.Write | (visible ? LvStatus.Visible : LvStatus.None),
        };
        var seg = new StripedSegment(Extents.Zero, new Extents(5));
        seg.Areas.Add(new PvArea(pv, new Extents(pe)));
        lv.Segments.Add(seg);
        vg.LogicalVolumes.Add(lv);
        return lv;
    }
}
