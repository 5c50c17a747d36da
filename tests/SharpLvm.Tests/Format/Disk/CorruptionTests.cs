using System.Buffers.Binary;
using CsCheck;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;

namespace SharpLvm.Tests.Format.Disk;

/// <summary>Damaged images give one StorageException naming the device and the byte offset, and never anything else.</summary>
public class CorruptionTests
{
    /// <summary>Everything a reader does with a device: open, read every committed and precommitted copy, scan, dump.</summary>
    private static void ReadEverything(IBlockDevice device)
    {
        if (PhysicalVolumeDisk.TryOpen(device, out var pv))
        {
            foreach (var area in pv.MetadataAreas)
            {
                area.ReadCommitted();
                area.ReadPrecommitted();
            }
        }
    }

    private static StorageException OneCorrupt(IBlockDevice device, ulong offset)
    {
        var e = Assert.Throws<StorageException>(() => ReadEverything(device));
        Assert.Equal(ErrorCode.Corrupt, e.Code);
        Assert.Contains(device.Name, e.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {offset}", e.Message, StringComparison.Ordinal);
        return e;
    }

    private static void Flip(MemoryBlockDevice device, ulong offset, byte mask = 0x40)
    {
        byte[] b = device.ReadBytes(offset, 1);
        b[0] ^= mask;
        device.WriteBytes(offset, b);
    }

    [Fact]
    public void Bad_label_crc_names_the_crc_field()
    {
        using var device = DiskFixtures.Device("vgsample.pv0");
        Flip(device, 600);
        OneCorrupt(device, 512 + 16);
    }

    [Fact]
    public void Bad_mda_magic_names_the_magic()
    {
        using var device = DiskFixtures.Device("vgsample.pv0");
        Flip(device, 4096 + 6);
        OneCorrupt(device, 4096 + 4);
    }

    [Fact]
    public void Truncated_image_names_the_device_size_field()
    {
        using var device = MemoryBlockDevice.FromBytes(DiskFixtures.Bytes("twomda.pv0").AsSpan(0, 512 * 1024), "twomda-truncated");
        OneCorrupt(device, 512 + 32 + 32);
    }

    [Fact]
    public void Raw_locn_pointing_out_of_the_area_names_slot_0()
    {
        using var device = DiskFixtures.Device("vgsample.pv0");
        var header = device.ReadBytes(4096, 512);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), 5_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(header, LvmCrc.Compute(header.AsSpan(4)));
        device.WriteBytes(4096, header);
        OneCorrupt(device, 4096 + 40);
    }

    [Fact]
    public void Bad_text_crc_names_the_text()
    {
        using var device = DiskFixtures.Device("vgsample.pv0");
        Flip(device, 43008 + 100);
        OneCorrupt(device, 43008);
    }

    [Fact]
    public void A_device_without_a_label_is_not_a_pv_and_not_an_error()
    {
        using var device = new MemoryBlockDevice(new Sectors(8192), "blank");
        Assert.False(PhysicalVolumeDisk.TryOpen(device, out _));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<StorageException>(() => PhysicalVolumeDisk.Open(device)).Code);
    }

    [Fact]
    public void Random_byte_flips_in_the_first_mib_give_only_storage_exceptions()
    {
        // One device per fixture; each case flips a few bytes (half of them in the label and header sectors),
        // reads everything, then restores them.
        var devices = DiskFixtures.Images.Select(DiskFixtures.Device).ToArray();
        var gen = Gen.Select(Gen.Int[0, devices.Length - 1], Gen.Select(Gen.OneOf(Gen.Int[0, 8191], Gen.Int[0, (1 << 20) - 1]), Gen.Byte[1, 255]).Array[1, 4]);
        gen.Sample((index, flips) =>
        {
            var device = devices[index];
            var saved = flips.Select(f => (f.Item1, device.ReadBytes((ulong)f.Item1, 1)[0])).ToArray();
            try
            {
                foreach (var (offset, mask) in flips)
                {
                    Flip(device, (ulong)offset, mask);
                }
                try
                {
                    ReadEverything(device);
                    VgDiskScanner.Scan([device], DiskFixtures.Summarize);
                    _ = new PvckDump(device).Headers();
                    _ = new PvckDump(device).MetadataAll();
                }
                catch (StorageException e)
                {
                    Assert.Contains(device.Name, e.Message, StringComparison.Ordinal);
                }
            }
            finally
            {
                foreach (var (offset, value) in saved.Reverse())
                {
                    device.WriteBytes((ulong)offset, [value]);
                }
            }
        }, iter: 300, threads: 1);
    }
}
