using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using static SharpLvm.DeviceMapper.Tests.Engine.EngineFixture;

namespace SharpLvm.DeviceMapper.Tests.Mirror;

/// <summary>A mirror write goes to its legs at the same time, and still completes only when every leg has.</summary>
public sealed class ParallelLegWriteTests : IDisposable
{
    private const int Legs = 3;
    private const ulong Length = 8192;
    private readonly UserspaceDeviceMapper _mapper = new(new EngineOptions { Resync = ResyncMode.Manual });
    private readonly List<ObservedDevice> _legs = [];

    public ParallelLegWriteTests()
    {
        for (int i = 0; i < Legs; i++)
        {
            var leg = new ObservedDevice(new MemoryBlockDevice(new Sectors(Length), $"/dev/loop{i}"));
            _legs.Add(leg);
            _mapper.RegisterDevice(leg, new DeviceNumber(7, (uint)i));
        }
        var name = DmName.Parse("m");
        _mapper.Create(name);
        _mapper.Load(name, Table.Parse($"0 {Length} mirror core 2 1024 nosync 3 7:0 0 7:1 0 7:2 0"));
        _mapper.Resume(name);
    }

    private byte[] Leg(int i) => _legs[i].Inner.ReadBytes(0, (int)Length * 512);

    [Fact]
    public void EveryLegOfALargeWriteIsInFlightAtTheSameTime()
    {
        // Each leg's write waits until all three have arrived: written one after another, they never would.
        using var barrier = new Barrier(Legs);
        _legs.ForEach(l => l.OnWrite = length => length >= 64 * 1024 && !barrier.SignalAndWait(TimeSpan.FromSeconds(20))
            ? throw new TimeoutException("the other legs' writes never arrived") : 0);
        var data = Pattern(256 * 1024, 1);
        using (var dev = _mapper.Open(N("m")))
        {
            dev.Write(new Sectors(1024), data);
        }
        for (int i = 0; i < Legs; i++)
        {
            Assert.Equal(data, Leg(i).AsSpan(1024 * 512, data.Length).ToArray());
        }
    }

    [Fact]
    public void SmallWritesStayOnTheWritersThread()
    {
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        _legs.ForEach(l => l.OnWrite = _ =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            return 0;
        });
        using (var dev = _mapper.Open(N("m")))
        {
            dev.Write(new Sectors(8), Pattern(4096, 2));
        }
        Assert.Equal(Legs, threads.Count);
        Assert.All(threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
    }

    [Fact]
    public void ABugInOneLegsWriteReachesTheWriterAfterTheOtherLegsFinished()
    {
        _legs[2].OnWrite = _ => throw new InvalidOperationException("leg 2 broke");
        var data = Pattern(128 * 1024, 3);
        using (var dev = _mapper.Open(N("m")))
        {
            Assert.Equal("leg 2 broke", Assert.Throws<InvalidOperationException>(() => dev.Write(Sectors.Zero, data)).Message);
        }
        Assert.Equal(data, Leg(0).AsSpan(0, data.Length).ToArray());
        Assert.Equal(data, Leg(1).AsSpan(0, data.Length).ToArray());
    }

    [Fact]
    public void ManyWritersWithLargeWritesLeaveIdenticalLegs()
    {
        using (var dev = _mapper.Open(N("m")))
        {
            Parallel.For(0, 4, w =>
            {
                for (int round = 0; round < 16; round++)
                {
                    var sector = new Sectors((ulong)(w * 2048 + (round % 4) * 512));
                    dev.Write(sector, Pattern(256 * 1024, w * 100 + round));
                }
            });
        }
        Assert.Equal(Leg(0), Leg(1));
        Assert.Equal(Leg(0), Leg(2));
    }

    public void Dispose()
    {
        _mapper.Dispose();
        _legs.ForEach(l => l.Inner.Dispose());
    }

    /// <summary>A memory disk that runs a hook before each write (given the write's length).</summary>
    private sealed class ObservedDevice(MemoryBlockDevice inner) : IBlockDevice
    {
        public MemoryBlockDevice Inner { get; } = inner;

        public Func<int, int> OnWrite { get; set; } = _ => 0;

        public string Name => Inner.Name;

        public Sectors Size => Inner.Size;

        public bool ReadOnly => false;

        public void Read(Sectors offset, Span<byte> buffer) => Inner.Read(offset, buffer);

        public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
        {
            OnWrite(buffer.Length);
            Inner.Write(offset, buffer);
        }

        public void Flush() => Inner.Flush();

        public void Discard(Sectors offset, Sectors length) => Inner.Discard(offset, length);

        public void Dispose()
        {
        }
    }
}
