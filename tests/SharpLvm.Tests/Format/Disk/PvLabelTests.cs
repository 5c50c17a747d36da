using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;

namespace SharpLvm.Tests.Format.Disk;

public class PvLabelTests
{
    public static TheoryData<string> Images => DiskFixtures.AllImages();

    private static PvLabel Sample(ulong sector = 1) => new()
    {
        Sector = sector,
        PvUuid = "NcT7khaW1CQumVBvYELjtvlOdaEQVjNj",
        DeviceSize = 64 << 20,
        DataAreas = [new DiskLocation(1 << 20, 0)],
        MetadataAreas = [new DiskLocation(4096, 1044480)],
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Encoding_a_parsed_label_gives_the_fixtures_bytes_back(string image)
    {
        byte[] sector = DiskFixtures.Bytes(image).AsSpan(512, 512).ToArray();
        Assert.True(PvLabel.TryParse(sector, 1, image, out var label));
        Assert.Equal(sector, label.Encode());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void A_label_is_found_in_any_of_sectors_0_to_3(ulong sector)
    {
        using var device = new MemoryBlockDevice(new Sectors(8192), "scan");
        device.Write(new Sectors(sector), Sample(sector).Encode());
        Assert.True(PvLabel.TryRead(device, out var label));
        Assert.Equal(sector, label.Sector);
        Assert.Equal(Sample(sector).PvUuid, label.PvUuid);
        Assert.Equal(Sample(sector).MetadataAreas, label.MetadataAreas);
    }

    [Fact]
    public void A_label_in_the_wrong_sector_is_corrupt_and_names_its_sector_field()
    {
        using var device = new MemoryBlockDevice(new Sectors(8192), "moved");
        device.Write(new Sectors(2), Sample(1).Encode());
        var e = Assert.Throws<StorageException>(() => PvLabel.TryRead(device, out _));
        Assert.Equal(ErrorCode.Corrupt, e.Code);
        Assert.Contains("moved", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset 1032", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_labels_are_an_error()
    {
        using var device = new MemoryBlockDevice(new Sectors(8192), "two");
        device.Write(new Sectors(1), Sample(1).Encode());
        device.Write(new Sectors(3), Sample(3).Encode());
        Assert.Equal(ErrorCode.Corrupt, Assert.Throws<StorageException>(() => PvLabel.TryRead(device, out _)).Code);
    }

    [Fact]
    public void A_label_of_another_type_is_not_ours()
    {
        byte[] sector = Sample().Encode();
        "LVM1 001"u8.CopyTo(sector.AsSpan(24));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(16), LvmCrc.Compute(sector.AsSpan(20)));
        Assert.False(PvLabel.TryParse(sector, 1, "other", out _));
    }

    [Fact]
    public void Pv_ext_used_and_bootloader_areas_round_trip()
    {
        var label = Sample() with { ExtensionFlags = 1, BootloaderAreas = [new DiskLocation(1 << 20, 1 << 20)] };
        Assert.True(PvLabel.TryParse(label.Encode(), 1, "rt", out var back));
        Assert.True(back.InVg);
        Assert.Equal(label.BootloaderAreas, back.BootloaderAreas);
        Assert.Equal(label.Encode(), back.Encode());
    }

    [Fact]
    public void Uuid_dashed_form_is_6_4_4_4_4_4_6()
    {
        Assert.Equal("NcT7kh-aW1C-QumV-BvYE-Ljtv-lOda-EQVjNj", PvUuid.Dashed("NcT7khaW1CQumVBvYELjtvlOdaEQVjNj"));
        Assert.True(PvUuid.IsValidRaw(System.Text.Encoding.ASCII.GetBytes(PvUuid.NewRaw())));
    }
}
