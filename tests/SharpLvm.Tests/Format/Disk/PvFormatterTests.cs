using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;

namespace SharpLvm.Tests.Format.Disk;

public class PvFormatterTests
{
    [Theory]
    [InlineData("vgsample.pv0", 1)]
    [InlineData("wrapped.pv0", 1)]
    [InlineData("twomda.pv0", 2)]
    [InlineData("twomda.pv1", 0)]
    public void Formatting_a_device_of_the_same_size_gives_the_fixtures_header_bytes(string image, int copies)
    {
        byte[] fixture = DiskFixtures.Bytes(image);
        var real = PhysicalVolumeDisk.Open(DiskFixtures.Device(image));
        using var device = new MemoryBlockDevice(Sectors.CoveringBytes((ulong)fixture.Length), "fresh");
        // The uuid is random and PV_EXT_USED is set by vgcreate: take those two from the fixture.
        var pv = PvFormatter.Format(device, new PvFormatOptions { MetadataCopies = copies, PvUuid = real.Label.PvUuid, InVg = true });
        Assert.Equal(fixture.AsSpan(512, 512).ToArray(), device.ReadBytes(512, 512));
        Assert.Equal(real.MetadataAreas.Count, pv.MetadataAreas.Count);
        foreach (var area in pv.MetadataAreas)
        {
            // magic, version, start and size; the raw_locns differ (the fixture has committed text).
            Assert.Equal(fixture.AsSpan((int)area.Location.Offset + 4, 36).ToArray(), device.ReadBytes(area.Location.Offset + 4, 36));
            Assert.Null(area.ReadCommitted());
        }
    }

    [Fact]
    public void A_fresh_pv_is_an_orphan_with_only_the_label_and_mda_header_written()
    {
        using var device = new MemoryBlockDevice(new Sectors(131072), "fresh");
        var pv = PvFormatter.Format(device, new PvFormatOptions());
        Assert.False(pv.Label.InVg);
        Assert.Equal(32, pv.Label.PvUuid.Length);
        byte[] all = device.ToArray();
        var used = Enumerable.Range(0, all.Length / 512).Where(s => all.AsSpan(s * 512, 512).ContainsAnyExcept((byte)0)).ToArray();
        Assert.Equal([1, 8], used);
    }

    /// <summary>Layouts observed from LVM2 2.03.16's pvcreate on loop devices (pvck --dump headers).</summary>
    [Theory]
    [InlineData(64, 1, 0UL, 1048576UL, 0UL, 1048576UL, 1044480UL, 0UL, 0UL)]
    [InlineData(64, 1, 2097152UL, 1048576UL, 0UL, 3145728UL, 3141632UL, 0UL, 0UL)]
    [InlineData(64, 1, 512000UL, 1048576UL, 0UL, 1048576UL, 1044480UL, 0UL, 0UL)]
    [InlineData(64, 1, 3072000UL, 1048576UL, 0UL, 3145728UL, 3141632UL, 0UL, 0UL)]
    [InlineData(64, 1, 0UL, 4194304UL, 0UL, 4194304UL, 4190208UL, 0UL, 0UL)]
    [InlineData(64, 1, 0UL, 65536UL, 0UL, 1048576UL, 1044480UL, 0UL, 0UL)]
    [InlineData(64, 2, 0UL, 1048576UL, 0UL, 1048576UL, 1044480UL, 66060288UL, 1048576UL)]
    [InlineData(64, 0, 0UL, 1048576UL, 0UL, 1048576UL, 0UL, 0UL, 0UL)]
    [InlineData(64, 0, 0UL, 65536UL, 0UL, 65536UL, 0UL, 0UL, 0UL)]
    [InlineData(64, 1, 0UL, 1048576UL, 3584UL, 1052160UL, 1048064UL, 0UL, 0UL)]
    [InlineData(64, 2, 2097152UL, 1048576UL, 0UL, 3145728UL, 3141632UL, 65011712UL, 2097152UL)]
    [InlineData(64, 2, 0UL, 4194304UL, 0UL, 4194304UL, 4190208UL, 62914560UL, 4194304UL)]
    [InlineData(64, 2, 0UL, 1048576UL, 3584UL, 1052160UL, 1048064UL, 66060288UL, 1048576UL)]
    [InlineData(64, 1, 40960UL, 4096UL, 0UL, 45056UL, 40960UL, 0UL, 0UL)]
    [InlineData(64, 2, 102400UL, 65536UL, 0UL, 131072UL, 126976UL, 66977792UL, 131072UL)]
    [InlineData(64, 1, 16384UL, 524288UL, 0UL, 524288UL, 520192UL, 0UL, 0UL)]
    public void Layout_matches_lvm2_pvcreate(int mib, int copies, ulong metadataSize, ulong alignment, ulong alignmentOffset,
        ulong peStart, ulong mda0Size, ulong mda1Start, ulong mda1Size)
    {
        using var device = new MemoryBlockDevice(new Sectors((ulong)mib * 2048), "layout");
        var label = PvFormatter.Plan(device, new PvFormatOptions
        {
            MetadataCopies = copies,
            MetadataSize = metadataSize == 0 ? null : metadataSize,
            DataAlignment = alignment,
            DataAlignmentOffset = alignmentOffset,
        });
        Assert.Equal(peStart, label.DataStart);
        Assert.Equal(copies, label.MetadataAreas.Count);
        if (copies > 0)
        {
            Assert.Equal(new DiskLocation(4096, mda0Size), label.MetadataAreas[0]);
        }
        if (copies > 1)
        {
            Assert.Equal(new DiskLocation(mda1Start, mda1Size), label.MetadataAreas[1]);
        }
    }

    [Theory]
    [InlineData(16384UL, 16384UL)]
    [InlineData(1024UL, 4096UL)]
    public void An_area_below_32_KiB_after_alignment_is_refused_like_pvcreate(ulong requested, ulong resulting)
    {
        using var device = new MemoryBlockDevice(new Sectors(131072), "small");
        var e = Assert.Throws<DeviceMapper.Errors.StorageException>(() =>
            PvFormatter.Plan(device, new PvFormatOptions { MetadataSize = requested, DataAlignment = 4096 }));
        Assert.Equal(DeviceMapper.Errors.ErrorCode.InvalidArgument, e.Code);
        Assert.Contains($"too small: {resulting} bytes. It must be at least 32768 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_sized_device_puts_the_second_area_on_an_aligned_start()
    {
        using var device = new MemoryBlockDevice(Sectors.FromBytes(102400000), "odd");
        var label = PvFormatter.Plan(device, new PvFormatOptions { MetadataCopies = 2 });
        Assert.Equal(new DiskLocation(100663296, 1736704), label.MetadataAreas[1]);
    }

    [Theory]
    [InlineData(102400UL, 3584UL, 1052160UL, 1048576UL, 2100736UL)]
    [InlineData(1048576UL, 0UL, 1048576UL, 1048576UL, 2097152UL)]
    public void Bootloader_area_sits_between_the_first_area_and_pe_start(ulong requested, ulong alignmentOffset, ulong start, ulong size, ulong peStart)
    {
        using var device = new MemoryBlockDevice(new Sectors(131072), "ba");
        var label = PvFormatter.Plan(device, new PvFormatOptions
        {
            BootloaderAreaSize = requested,
            DataAlignmentOffset = alignmentOffset,
        });
        Assert.Equal([new DiskLocation(start, size)], label.BootloaderAreas);
        Assert.Equal(peStart, label.DataStart);
        var parsed = PvLabel.TryParse(label.Encode(), 1, "ba", out var back);
        Assert.True(parsed);
        Assert.Equal(label.BootloaderAreas, back!.BootloaderAreas);
    }
}
