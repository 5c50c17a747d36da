using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;
using SharpLvm.Tests.Reports;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Metadata;

public sealed class VgWriteSessionTests
{
    private static VgTextHeader Header(string what) => new()
    {
        Description = "Write from sharplvm test " + what + ".",
        CreationTime = 1795526425,
        CreationHost = "test",
        HostComment = "Linux test 6.1 #1 x86_64",
    };

    private static List<string> CopyImages(string set, TempDir dir)
    {
        var list = new List<string>();
        for (int i = 0; File.Exists(TestPaths.Lvm2Fixture($"{set}.pv{i}.img.zst")); i++)
        {
            list.Add(TestPaths.UnzstdToTempFile(TestPaths.Lvm2Fixture($"{set}.pv{i}.img.zst"), dir.Path));
        }
        return list;
    }

    private static string Report(ReportKind kind, IReadOnlyList<string> images, string columns)
    {
        ScanResult scan = VgReader.Scan(images);
        var options = new ReportOptions { Columns = [columns], Units = Units.Parse("s"), All = true, Json = true };
        var output = new StringWriter { NewLine = "\n" };
        ReportWriter.Write(ReportBuilder.Build(kind, options, scan.Vgs, scan.Orphans), options, output);
        return output.ToString();
    }

    private const string LvColumns = "lv_name,lv_uuid,lv_attr,lv_size,segtype,seg_start_pe,seg_size_pe,stripes,stripe_size,region_size,mirror_log,devices,seg_pe_ranges,lv_tags,convert_lv";
    private const string VgColumns = "vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_extent_count,vg_free_count,pv_count,lv_count,vg_mda_count,vg_tags";

    [Theory]
    [InlineData("vgsample", "vgsample")]
    [InlineData("twomda", "vgtwo")]
    [InlineData("wrapped", "vgwrap")]
    public void A_commit_of_an_unchanged_vg_bumps_the_seqno_and_keeps_every_report_value(string set, string vgName)
    {
        using var dir = new TempDir();
        List<string> images = CopyImages(set, dir);
        string lvsBefore = Report(ReportKind.Lvs, images, LvColumns);
        string vgsBefore = Report(ReportKind.Vgs, images, VgColumns);
        ulong seqno = VgReader.Scan(images).Vgs[0].Vg.Seqno;

        using (VgWriteSession session = VgWriteSession.Open(images, vgName))
        {
            session.Commit(Header("same"));
        }

        ScanResult after = VgReader.Scan(images);
        Assert.Equal(seqno + 1, after.Vgs[0].Vg.Seqno);
        Assert.Equal(lvsBefore, Report(ReportKind.Lvs, images, LvColumns));
        Assert.Equal(vgsBefore, Report(ReportKind.Vgs, images, VgColumns));
        // Every metadata area got the new copy: all committed copies agree.
        foreach (string image in images)
        {
            using FileBlockDevice device = FileBlockDevice.Open(image, readOnly: true);
            PhysicalVolumeDisk disk = PhysicalVolumeDisk.Open(device);
            foreach (MetadataArea area in disk.MetadataAreas)
            {
                Assert.Equal(seqno + 1, VgText.Summarize(area.ReadCommitted()!.Text).Seqno);
                Assert.True(area.ReadHeader().Precommitted.IsEmpty);
            }
        }
    }

    [Fact]
    public void Many_commits_wrap_the_ring_and_each_reads_back()
    {
        using var dir = new TempDir();
        List<string> images = CopyImages("vgsample", dir);
        bool wrapped = false;
        ulong lastOffset = 0;
        for (int i = 0; i < 80; i++)
        {
            using (VgWriteSession session = VgWriteSession.Open(images, "vgsample"))
            {
                // Grow the text a little each time so copies differ in size.
                session.Vg.Tags.Add("t" + i + new string('x', 200));
                session.Commit(Header("commit " + i));
            }
            LoadedVg vg = VgReader.Scan(images).Vgs.Single();
            Assert.Equal(13UL + (ulong)i + 1, vg.Vg.Seqno);
            Assert.Contains("t" + i + new string('x', 200), vg.Vg.Tags);
            using FileBlockDevice device = FileBlockDevice.Open(images[0], readOnly: true);
            ulong offset = PhysicalVolumeDisk.Open(device).MetadataAreas[0].ReadHeader().Committed.Offset;
            wrapped |= offset < lastOffset;
            lastOffset = offset;
        }
        Assert.True(wrapped, "80 growing commits should wrap a 1 MiB ring");
    }

    [Fact]
    public void A_partial_vg_is_not_written()
    {
        using var dir = new TempDir();
        List<string> images = CopyImages("vgsample", dir);
        byte[] before = File.ReadAllBytes(images[0]);

        var e = Assert.Throws<StorageException>(() => VgWriteSession.Open(images.Take(2).ToList(), "vgsample"));

        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Equal(before, File.ReadAllBytes(images[0]));
    }

    [Fact]
    public void A_damaged_mda_header_is_an_error_naming_the_device()
    {
        using var dir = new TempDir();
        List<string> images = CopyImages("twomda", dir);
        using (var stream = new FileStream(images[0], FileMode.Open, FileAccess.Write))
        {
            stream.Position = 4096 + 30; // inside the first mda header: its CRC no longer matches
            stream.WriteByte(0x5A);
        }

        var e = Assert.Throws<StorageException>(() => VgReader.Scan(images));

        Assert.Contains(images[0], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_without_a_label_are_skipped()
    {
        using var dir = new TempDir();
        List<string> images = CopyImages("twomda", dir);
        string blank = dir.File("blank.img");
        File.WriteAllBytes(blank, new byte[1 << 20]);

        ScanResult scan = VgReader.Scan([.. images, blank]);

        Assert.Equal("vgtwo", Assert.Single(scan.Vgs).Vg.Name.Value);
        Assert.Empty(scan.Orphans);
    }
}
