using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;

namespace SharpLvm.Tests.Format.Disk;

public class VgDiskScannerTests
{
    [Fact]
    public void Three_pvs_of_vgsample_give_one_vg_at_seqno_13_with_no_stale_copies()
    {
        var devices = new[] { "vgsample.pv0", "vgsample.pv1", "vgsample.pv2" }.Select(DiskFixtures.Device).ToArray();
        var result = VgDiskScanner.Scan(devices, DiskFixtures.Summarize);
        var vg = Assert.Single(result.Vgs);
        Assert.Equal(("vgsample", "Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ON", 13UL), (vg.VgName, vg.VgId, vg.Seqno));
        Assert.Equal(3, vg.Pvs.Count);
        Assert.Empty(vg.StaleCopies);
        Assert.Null(vg.StaleWarning);
        Assert.Empty(result.Orphans);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void A_pv_without_metadata_areas_belongs_to_the_vg_that_names_its_uuid()
    {
        var devices = new[] { "twomda.pv0", "twomda.pv1" }.Select(DiskFixtures.Device).ToArray();
        var result = VgDiskScanner.Scan(devices, DiskFixtures.Summarize);
        var vg = Assert.Single(result.Vgs);
        Assert.Equal("vgtwo", vg.VgName);
        Assert.Equal(["twomda.pv0", "twomda.pv1"], vg.Pvs.Select(p => p.Device.Name).Order());
        Assert.Empty(vg.StaleCopies);
    }

    [Fact]
    public void The_wrapped_ring_yields_its_newest_copy()
    {
        var vg = Assert.Single(VgDiskScanner.Scan([DiskFixtures.Device("wrapped.pv0")], DiskFixtures.Summarize).Vgs);
        Assert.Equal(("vgwrap", 101UL), (vg.VgName, vg.Seqno));
        Assert.Equal(512UL, vg.Newest.Location.Offset);
    }

    [Fact]
    public void The_highest_seqno_wins_and_the_older_copies_are_named_in_one_warning()
    {
        var devices = new[] { "vgsample.pv0", "vgsample.pv1", "vgsample.pv2" }.Select(DiskFixtures.Device).ToArray();
        var area = PhysicalVolumeDisk.Open(devices[1]).MetadataAreas[0];
        string text = Encoding.ASCII.GetString(area.ReadCommitted()!.Text.Span).Replace("seqno = 13\n", "seqno = 14\n", StringComparison.Ordinal);
        area.WritePrecommit(Encoding.ASCII.GetBytes(text), _ => { });
        area.Commit();

        var vg = Assert.Single(VgDiskScanner.Scan(devices, DiskFixtures.Summarize).Vgs);
        Assert.Equal(14UL, vg.Seqno);
        Assert.Equal("vgsample.pv1", vg.Newest.Device);
        Assert.Equal([new StaleCopy("vgsample.pv0", 0, 13), new StaleCopy("vgsample.pv2", 0, 13)], vg.StaleCopies);
        string warning = vg.StaleWarning!;
        Assert.DoesNotContain('\n', warning);
        Assert.Contains("vgsample.pv0", warning, StringComparison.Ordinal);
        Assert.Contains("vgsample.pv2", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Fresh_pvs_are_orphans_and_blank_devices_are_not_pvs()
    {
        using var fresh = new MemoryBlockDevice(new Sectors(8192), "fresh");
        PvFormatter.Format(fresh, new PvFormatOptions());
        using var blank = new MemoryBlockDevice(new Sectors(8192), "blank");
        var result = VgDiskScanner.Scan([fresh, blank, DiskFixtures.Device("wrapped.pv0")], DiskFixtures.Summarize);
        Assert.Equal("fresh", Assert.Single(result.Orphans).Device.Name);
        Assert.Equal(2, result.Pvs.Count);
        Assert.Single(result.Vgs);
    }

    [Fact]
    public void Ignored_areas_are_skipped_and_a_damaged_one_is_reported_without_stopping_the_scan()
    {
        var devices = new[] { "twomda.pv0", "twomda.pv1" }.Select(DiskFixtures.Device).ToArray();
        var pv = PhysicalVolumeDisk.Open(devices[0]);
        var first = pv.MetadataAreas[0];
        var header = first.ReadHeader();
        devices[0].WriteBytes(first.Location.Offset,
            (header with { Committed = header.Committed with { Flags = RawLocation.IgnoredFlag } }).Encode());
        devices[0].WriteBytes(pv.MetadataAreas[1].Location.Offset + 8, [0xFF]);

        var result = VgDiskScanner.Scan(devices, DiskFixtures.Summarize);
        Assert.Empty(result.Vgs);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("twomda.pv0", problem.Message, StringComparison.Ordinal);
    }
}
