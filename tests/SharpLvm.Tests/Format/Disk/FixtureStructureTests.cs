using System.Globalization;
using System.Text.RegularExpressions;
using SharpLvm.Format.Disk;

namespace SharpLvm.Tests.Format.Disk;

/// <summary>Our reading of the real LVM2 images agrees with LVM2's own pvck dumps of them.</summary>
public class FixtureStructureTests
{
    public static TheoryData<string> Images => DiskFixtures.AllImages();

    public static TheoryData<string> WithHeaders =>
        [.. DiskFixtures.Images.Where(i => DiskFixtures.DumpPath(i, "headers") is not null)];

    public static TheoryData<string> WithMetadataAll =>
        [.. DiskFixtures.Images.Where(i => DiskFixtures.DumpPath(i, "metadata_all") is not null)];

    private static ulong U(string s) => s.StartsWith("0x", StringComparison.Ordinal)
        ? ulong.Parse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : ulong.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_image_opens_as_a_pv_and_every_committed_copy_passes_its_crc(string image)
    {
        using var device = DiskFixtures.Device(image);
        Assert.True(PhysicalVolumeDisk.TryOpen(device, out var pv));
        Assert.Equal(1UL, pv.Label.Sector);
        Assert.True(pv.Label.InVg);
        foreach (var area in pv.MetadataAreas)
        {
            var copy = area.ReadCommitted();
            Assert.NotNull(copy);
            Assert.Equal(copy.Location.Size, (ulong)copy.Text.Length + 1);
            Assert.Equal(copy.Location.Checksum, LvmCrc.Compute([.. copy.Text.Span, 0]));
        }
    }

    [Theory]
    [MemberData(nameof(WithHeaders))]
    public void Label_pv_header_and_mda_headers_agree_with_pvck_headers(string image)
    {
        var f = DiskFixtures.DumpFields(DiskFixtures.DumpPath(image, "headers")!);
        using var device = DiskFixtures.Device(image);
        var pv = PhysicalVolumeDisk.Open(device);
        byte[] sector = pv.Label.Encode();
        Assert.Equal(U(f["label_header.crc"]), BitConverter.ToUInt32(sector, 16));
        Assert.Equal(f["pv_header.pv_uuid"], pv.Label.PvUuid);
        Assert.Equal(U(f["pv_header.device_size"]), pv.Label.DeviceSize);
        Assert.Equal(U(f["pv_header.disk_locn[0].offset"]), pv.Label.DataStart);
        Assert.Equal(U(f["pv_header_extension.version"]), pv.Label.ExtensionVersion);
        Assert.Equal(U(f["pv_header_extension.flags"]), pv.Label.ExtensionFlags);
        for (int i = 0; i < pv.MetadataAreas.Count; i++)
        {
            string p = $"mda_header_{i + 1}";
            var header = pv.MetadataAreas[i].ReadHeader();
            Assert.Equal(U(f[p + ".start"]), header.Start);
            Assert.Equal(U(f[p + ".size"]), header.Size);
            Assert.Equal(U(f[p + ".checksum"]), BitConverter.ToUInt32(header.Encode(), 0));
            Assert.Equal(U(f[p + ".raw_locn[0].offset"]), header.Committed.Offset);
            Assert.Equal(U(f[p + ".raw_locn[0].size"]), header.Committed.Size);
            Assert.Equal(U(f[p + ".raw_locn[0].checksum"]), header.Committed.Checksum);
            Assert.True(header.Precommitted.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(WithMetadataAll))]
    public void Every_ring_copy_listed_by_pvck_is_where_pvck_says_with_its_crc_and_seqno(string image)
    {
        using var device = DiskFixtures.Device(image);
        var pv = PhysicalVolumeDisk.Open(device);
        var area = pv.MetadataAreas[0];
        var lines = DiskFixtures.DumpLines(DiskFixtures.DumpPath(image, "metadata_all")!);
        var pattern = new Regex("metadata at ([0-9]+) length ([0-9]+) crc ([0-9a-f]{8}) vg (\\S+) seqno ([0-9]+)");
        int seen = 0;
        foreach (string line in lines)
        {
            var m = pattern.Match(line);
            Assert.True(m.Success, line);
            ulong at = U(m.Groups[1].Value), length = U(m.Groups[2].Value);
            var location = new RawLocation(at - area.Location.Offset, length, (uint)U("0x" + m.Groups[3].Value), 0);
            byte[] raw = MetadataRing.Read(device, area.Location, location, 0);
            var summary = DiskFixtures.Summarize(raw.AsMemory(0, raw.Length - 1));
            Assert.Equal(m.Groups[4].Value, summary.VgName);
            Assert.Equal(U(m.Groups[5].Value), summary.Seqno);
            seen++;
        }
        Assert.True(seen > 5);
    }

    [Fact]
    public void The_newest_copy_of_the_wrapped_ring_is_seqno_101_at_offset_512()
    {
        using var device = DiskFixtures.Device("wrapped.pv0");
        var copy = PhysicalVolumeDisk.Open(device).MetadataAreas[0].ReadCommitted()!;
        Assert.Equal(512UL, copy.Location.Offset);
        var summary = DiskFixtures.Summarize(copy.Text);
        Assert.Equal(("vgwrap", 101UL), (summary.VgName, summary.Seqno));
    }

    [Theory]
    [MemberData(nameof(WithHeaders))]
    public void PvckDump_headers_equals_lvm2s_output(string image)
    {
        using var device = DiskFixtures.Device(image);
        var expected = DiskFixtures.DumpLines(DiskFixtures.DumpPath(image, "headers")!);
        Assert.Equal(expected, new PvckDump(device, "/dev/loop0").Headers());
    }

    [Theory]
    [MemberData(nameof(WithMetadataAll))]
    public void PvckDump_metadata_all_equals_lvm2s_output(string image)
    {
        using var device = DiskFixtures.Device(image);
        var expected = DiskFixtures.DumpLines(DiskFixtures.DumpPath(image, "metadata_all")!);
        Assert.Equal(expected, new PvckDump(device, "/dev/loop0").MetadataAll());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void PvckDump_metadata_prints_the_committed_text_between_dashes(string image)
    {
        using var device = DiskFixtures.Device(image);
        var pv = PhysicalVolumeDisk.Open(device);
        var lines = new PvckDump(device, summarize: DiskFixtures.Summarize).Metadata();
        if (pv.MetadataAreas.Count == 0)
        {
            Assert.Equal(["  zero metadata copies"], lines);
            return;
        }
        var copy = pv.MetadataAreas[0].ReadCommitted()!;
        Assert.StartsWith($"  metadata text at {copy.ByteOffset} crc 0x{copy.Location.Checksum:x} # vgname ", lines[0], StringComparison.Ordinal);
        Assert.Equal("  ---", lines[1]);
        Assert.Equal("  ---", lines[^1]);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(copy.Text.Span) + "\n", string.Join('\n', lines.Skip(2).SkipLast(1)) + "\n");
    }
}
