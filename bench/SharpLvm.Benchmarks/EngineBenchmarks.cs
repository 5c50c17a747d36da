using BenchmarkDotNet.Attributes;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Benchmarks;

/// <summary>
/// Sequential 1 MiB and random 4 KiB reads and writes through the userspace engine's linear, striped and
/// 2-leg mirror devices (see <see cref="EngineRig"/>), against the raw image file, in one run. Goals (issue 4):
/// linear and striped at least 90% of raw, mirror writes at least 45%. On a shared, loaded machine the
/// cases drift apart; <c>engine-ratios</c> (see <see cref="EngineRatios"/>) interleaves them instead.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const ulong DeviceSectors = EngineRig.DeviceSectors;
    private const int SequentialOps = 32;
    private const int RandomOps = 512;

    private EngineRig? _rig;
    private IBlockDevice _device = null!;
    private byte[] _big = [];
    private byte[] _small = [];
    private ulong[] _randomSectors = [];
    private ulong _sequential;

    [Params("raw", "linear", "striped", "mirror", "mirror-disklog")]
    public string Target { get; set; } = "raw";

    [GlobalSetup]
    public void Setup()
    {
        _big = new byte[1 << 20];
        _small = new byte[4096];
        new Random(1).NextBytes(_big);
        new Random(2).NextBytes(_small);
        var random = new Random(3);
        _randomSectors = [.. Enumerable.Range(0, RandomOps).Select(_ => (ulong)random.NextInt64(0, (long)(DeviceSectors / 8)) * 8)];
        _rig = new EngineRig();
        _device = _rig.Open(Target);
    }

    private Sectors NextSequential()
    {
        var at = new Sectors(_sequential);
        _sequential = (_sequential + 2048) % DeviceSectors;
        return at;
    }

    [Benchmark(OperationsPerInvoke = SequentialOps)]
    public void SequentialRead1MiB()
    {
        for (int i = 0; i < SequentialOps; i++)
        {
            _device.Read(NextSequential(), _big);
        }
    }

    [Benchmark(OperationsPerInvoke = SequentialOps)]
    public void SequentialWrite1MiB()
    {
        for (int i = 0; i < SequentialOps; i++)
        {
            _device.Write(NextSequential(), _big);
        }
    }

    [Benchmark(OperationsPerInvoke = RandomOps)]
    public void RandomRead4KiB()
    {
        foreach (ulong sector in _randomSectors)
        {
            _device.Read(new Sectors(sector), _small);
        }
    }

    [Benchmark(OperationsPerInvoke = RandomOps)]
    public void RandomWrite4KiB()
    {
        foreach (ulong sector in _randomSectors)
        {
            _device.Write(new Sectors(sector), _small);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _rig?.Dispose();
}
