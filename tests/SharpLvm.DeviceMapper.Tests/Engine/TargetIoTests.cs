using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using static SharpLvm.DeviceMapper.Tests.Engine.EngineFixture;

namespace SharpLvm.DeviceMapper.Tests.Engine;

public sealed class TargetIoTests
{
    /// <summary>A settable clock for flakey's intervals.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData(2, 128)]
    [InlineData(3, 8)]
    [InlineData(3, 7)] // not a power of two: allowed
    [InlineData(1, 16)]
    [InlineData(3, 64)] // requests over 256 KiB: the stripes' chunks go in parallel
    public void StripedPutsEverySectorWhereTheKernelsFormulaSays(int stripes, int chunk)
    {
        using var f = new EngineFixture();
        ulong length = (ulong)(stripes * chunk * 10);
        string legs = string.Join(' ', Enumerable.Range(0, stripes).Select(i => $"7:{i} {i * 100}"));
        f.Create("s", $"0 {length} striped {stripes} {chunk} {legs}");
        using var dev = f.Mapper.Open(N("s"));
        var data = Pattern(checked((int)length * 512), stripes * chunk);
        dev.Write(Sectors.Zero, data[..(512 * 5)]);      // a write smaller than a chunk
        dev.Write(new Sectors(5), data[(512 * 5)..]);     // and one spanning every chunk after it
        for (ulong o = 0; o < length; o++)
        {
            ulong c = o / (ulong)chunk, within = o % (ulong)chunk;
            int stripe = (int)(c % (ulong)stripes);
            ulong physical = (ulong)(stripe * 100) + c / (ulong)stripes * (ulong)chunk + within;
            var sector = f.Disks[stripe].ReadBytes(physical * 512, 512);
            Assert.True(data.AsSpan((int)o * 512, 512).SequenceEqual(sector), $"sector {o}");
        }
        var back = new byte[data.Length];
        dev.Read(Sectors.Zero, back);
        Assert.Equal(data, back);
        Assert.Equal($"0 {length} striped {stripes} {string.Join(' ', Enumerable.Range(0, stripes).Select(i => $"7:{i}"))} 1 {new string('A', stripes)}",
            f.Mapper.GetStatus(N("s")).Single());
    }

    [Fact]
    public void StripeErrorsShowAsDInTheStatus()
    {
        using var f = new EngineFixture();
        f.Create("bad", "0 16 error");
        f.Create("s", "0 32 striped 2 8 7:0 0 253:0 0");
        using var dev = f.Mapper.Open(N("s"));
        dev.Read(Sectors.Zero, new byte[4096]);
        Assert.Throws<StorageException>(() => dev.Read(new Sectors(8), new byte[512]));
        Assert.Equal("0 32 striped 2 7:0 253:0 1 AD", f.Mapper.GetStatus(N("s")).Single());
        Assert.Equal(1u, f.Mapper.TryGetInfo(N("s"))!.EventNumber);
    }

    [Fact]
    public void ALargeRequestOverAFailingStripeFailsAndMarksThatStripe()
    {
        using var f = new EngineFixture();
        f.Create("bad", "0 2048 error");
        f.Create("s", "0 4096 striped 2 64 7:0 0 253:0 0");
        using var dev = f.Mapper.Open(N("s"));
        Assert.Throws<StorageException>(() => dev.Read(Sectors.Zero, new byte[1 << 20]));
        Assert.Throws<StorageException>(() => dev.Write(Sectors.Zero, new byte[1 << 20]));
        Assert.Equal("0 4096 striped 2 7:0 253:0 1 AD", f.Mapper.GetStatus(N("s")).Single());
    }

    [Fact]
    public void ErrorFailsIoButNotFlushAndZeroReadsZerosAndDropsWrites()
    {
        using var f = new EngineFixture();
        f.Create("e", "0 8 error");
        f.Create("z", "0 8 zero");
        using var e = f.Mapper.Open(N("e"));
        using var z = f.Mapper.Open(N("z"));
        Assert.Equal(ErrorCode.IoError, Assert.Throws<StorageException>(() => e.Read(Sectors.Zero, new byte[512])).Code);
        Assert.Throws<StorageException>(() => e.Write(Sectors.Zero, new byte[512]));
        e.Flush();
        z.Write(Sectors.Zero, Pattern(4096, 1));
        var back = Pattern(4096, 2);
        z.Read(Sectors.Zero, back);
        Assert.All(back, b => Assert.Equal(0, b));
        Assert.Throws<StorageException>(() => z.Discard(Sectors.Zero, new Sectors(8)));
    }

    [Fact]
    public void FlakeyIsUpThenDownByWholeSecondsFromLoad()
    {
        var time = new ManualTime();
        using var f = new EngineFixture(time: time);
        f.Create("fl", "0 64 flakey 7:0 0 2 1");
        using var dev = f.Mapper.Open(N("fl"));
        dev.Write(Sectors.Zero, Pattern(512, 1));
        time.Now += TimeSpan.FromSeconds(1.9);
        dev.Read(Sectors.Zero, new byte[512]);
        time.Now += TimeSpan.FromSeconds(0.2); // 2.1 s: down
        Assert.Throws<StorageException>(() => dev.Read(Sectors.Zero, new byte[512]));
        Assert.Throws<StorageException>(() => dev.Write(Sectors.Zero, new byte[512]));
        time.Now += TimeSpan.FromSeconds(1); // 3.1 s: up again
        dev.Read(Sectors.Zero, new byte[512]);
    }

    [Fact]
    public void FlakeyDropWritesReportsSuccessButWritesNothingAndCorruptionHitsTheNthByte()
    {
        var time = new ManualTime();
        using var f = new EngineFixture(time: time);
        f.Create("drop", "0 64 flakey 7:0 0 0 10 1 drop_writes");
        f.Create("corrupt", "0 64 flakey 7:1 0 0 10 5 corrupt_bio_byte 3 w 255 0");
        using var drop = f.Mapper.Open(N("drop"));
        drop.Write(Sectors.Zero, Pattern(512, 3));
        Assert.Equal(0, f.Disks[0].WriteCount);
        drop.Read(Sectors.Zero, new byte[512]);
        using var corrupt = f.Mapper.Open(N("corrupt"));
        var data = new byte[1024];
        corrupt.Write(Sectors.Zero, data);
        var onDisk = f.Disks[1].ReadBytes(0, 1024);
        Assert.Equal(255, onDisk[2]);
        Assert.Equal(1023, onDisk.Count(b => b == 0));
        Assert.All(data, b => Assert.Equal(0, b)); // the caller's buffer is untouched
    }

    [Fact]
    public void DelayWaitsAndSuspendReleasesWaitingIo()
    {
        using var f = new EngineFixture();
        f.Create("d", "0 64 delay 7:0 0 0 7:1 0 60000");
        using var dev = f.Mapper.Open(N("d"));
        dev.Read(Sectors.Zero, new byte[512]); // reads: no delay, from 7:0
        var writer = new Thread(() => dev.Write(new Sectors(1), Pattern(512, 4)));
        writer.Start();
        Assert.False(writer.Join(300));
        Assert.Equal("0 64 delay 0 1 0", f.Mapper.GetStatus(N("d")).Single());
        f.Mapper.Suspend(N("d"));  // presuspend releases the delayed write; the drain then completes
        Assert.True(writer.Join(5000));
        Assert.Equal(Pattern(512, 4), f.Disks[1].ReadBytes(512, 512));
        f.Mapper.Resume(N("d"));
    }

    [Fact]
    public void StripedDiscardReachesOnlyTheCoveredPartOfEachLeg()
    {
        var legs = new[] { new RecordingDevice(), new RecordingDevice() };
        using var mapper = new SharpLvm.DeviceMapper.Engine.UserspaceDeviceMapper();
        mapper.RegisterDevice(legs[0], new Names.DeviceNumber(8, 0));
        mapper.RegisterDevice(legs[1], new Names.DeviceNumber(8, 16));
        mapper.Create(N("s"));
        mapper.Load(N("s"), SharpLvm.DeviceMapper.Targets.Table.Parse("0 64 striped 2 8 8:0 0 8:16 100"));
        mapper.Resume(N("s"));
        using var dev = mapper.Open(N("s"));
        dev.Discard(new Sectors(4), new Sectors(20)); // chunks 0 (4-7), 1 (8-15), 2 (16-23)
        Assert.Equal([(4UL, 12UL)], legs[0].Discards); // leg sectors 4-7 (chunk 0) and 8-15 (chunk 2)
        Assert.Equal([(100UL, 8UL)], legs[1].Discards);
    }

    private sealed class RecordingDevice : IBlockDevice
    {
        private readonly MemoryBlockDevice _inner = new(new Sectors(1024));

        public List<(ulong Offset, ulong Length)> Discards { get; } = [];

        public string Name => "recording";

        public Sectors Size => _inner.Size;

        public bool ReadOnly => false;

        public void Read(Sectors offset, Span<byte> buffer) => _inner.Read(offset, buffer);

        public void Write(Sectors offset, ReadOnlySpan<byte> buffer) => _inner.Write(offset, buffer);

        public void Flush()
        {
        }

        public void Discard(Sectors offset, Sectors length) => Discards.Add((offset.Value, length.Value));

        public void Dispose() => _inner.Dispose();
    }
}
