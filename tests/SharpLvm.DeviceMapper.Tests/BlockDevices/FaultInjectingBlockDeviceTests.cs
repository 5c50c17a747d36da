using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Tests.BlockDevices;

public class FaultInjectingBlockDeviceTests
{
    private static byte[] Filled(int sectors, byte value) => Enumerable.Repeat(value, sectors * Sectors.SectorSize).ToArray();

    private static (MemoryBlockDevice Inner, FaultInjectingBlockDevice Faulty) Make()
    {
        var inner = new MemoryBlockDevice(new Sectors(64), "mem0");
        return (inner, new FaultInjectingBlockDevice(inner));
    }

    [Fact]
    public void Without_faults_reads_and_writes_pass_through_and_are_counted()
    {
        var (inner, faulty) = Make();
        faulty.Write(new Sectors(3), Filled(2, 7));
        var back = new byte[2 * Sectors.SectorSize];
        inner.Read(new Sectors(3), back);
        Assert.All(back, b => Assert.Equal(7, b));
        Assert.Equal(1, faulty.WritesSeen);
        Assert.Equal(1, faulty.WritesApplied);
        Assert.Equal(0, faulty.WritesDropped);
        Assert.Equal("mem0", faulty.Name);
    }

    [Fact]
    public void Failed_read_range_throws_io_error_only_inside_the_range()
    {
        var (_, faulty) = Make();
        faulty.FailReads(new Sectors(10), new Sectors(2));
        var buffer = new byte[Sectors.SectorSize];
        faulty.Read(new Sectors(9), buffer);
        faulty.Read(new Sectors(12), buffer);
        var e = Assert.Throws<StorageException>(() => faulty.Read(new Sectors(11), buffer));
        Assert.Equal(ErrorCode.IoError, e.Code);
        Assert.Contains("mem0", e.Message);
        Assert.Throws<StorageException>(() => faulty.Read(new Sectors(8), new byte[4 * Sectors.SectorSize]));
    }

    [Fact]
    public void Failed_write_range_throws_and_changes_nothing()
    {
        var (inner, faulty) = Make();
        faulty.FailWrites(new Sectors(5), new Sectors(1));
        var e = Assert.Throws<StorageException>(() => faulty.Write(new Sectors(4), Filled(2, 9)));
        Assert.Equal(ErrorCode.IoError, e.Code);
        Assert.All(inner.ToArray(), b => Assert.Equal(0, b));
        faulty.Write(new Sectors(6), Filled(1, 9));
        Assert.Equal(9, inner.ToArray()[6 * Sectors.SectorSize]);
    }

    [Fact]
    public void Dropped_writes_report_success_but_leave_the_device_unchanged()
    {
        var (inner, faulty) = Make();
        faulty.DropWrites = true;
        faulty.Write(Sectors.Zero, Filled(1, 1));
        Assert.All(inner.ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(1, faulty.WritesDropped);
        faulty.ClearFaults();
        faulty.Write(Sectors.Zero, Filled(1, 1));
        Assert.Equal(1, inner.ToArray()[0]);
    }

    [Fact]
    public void Simulated_crash_keeps_the_first_n_writes_and_drops_the_rest()
    {
        var (inner, faulty) = Make();
        faulty.StopWritesAfter(2);
        for (int i = 0; i < 5; i++)
        {
            faulty.Write(new Sectors((ulong)i), Filled(1, (byte)(i + 1)));
        }
        byte[] all = inner.ToArray();
        Assert.Equal(1, all[0]);
        Assert.Equal(2, all[Sectors.SectorSize]);
        Assert.Equal(0, all[2 * Sectors.SectorSize]);
        Assert.Equal(5, faulty.WritesSeen);
        Assert.Equal(2, faulty.WritesApplied);
        Assert.Equal(3, faulty.WritesDropped);
    }

    [Fact]
    public void Torn_write_lands_only_its_first_half()
    {
        var (inner, faulty) = Make();
        inner.Write(Sectors.Zero, Filled(4, 0xEE));
        faulty.TearWrite(2);
        faulty.Write(new Sectors(10), Filled(1, 1));
        faulty.Write(Sectors.Zero, Filled(3, 0x55));
        byte[] all = inner.ToArray();
        int half = 3 * Sectors.SectorSize / 2;
        Assert.All(all.AsSpan(0, half).ToArray(), b => Assert.Equal(0x55, b));
        Assert.All(all.AsSpan(half, 3 * Sectors.SectorSize - half).ToArray(), b => Assert.Equal(0xEE, b));
        Assert.Equal(1, all[10 * Sectors.SectorSize]);
        Assert.Equal(2, faulty.WritesApplied);
    }

    [Fact]
    public void Range_checks_still_apply()
    {
        var (_, faulty) = Make();
        Assert.Throws<StorageException>(() => faulty.Write(new Sectors(64), Filled(1, 0)));
        Assert.Equal(ErrorCode.IoError, Assert.Throws<StorageException>(() => faulty.Read(new Sectors(63), new byte[1024])).Code);
    }
}
