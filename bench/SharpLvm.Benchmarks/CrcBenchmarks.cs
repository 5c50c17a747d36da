using BenchmarkDotNet.Attributes;
using SharpLvm.Format.Disk;

namespace SharpLvm.Benchmarks;

/// <summary>LVM2's CRC over 1 MiB (the size of a default metadata area): ours against a byte-wise table loop.</summary>
[MemoryDiagnoser]
public class CrcBenchmarks
{
    private readonly byte[] _data = new byte[1 << 20];
    private readonly uint[] _table = new uint[256];

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_data);
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
            }
            _table[i] = c;
        }
    }

    [Benchmark]
    public uint LvmCrc1MiB() => LvmCrc.Compute(_data);

    [Benchmark(Baseline = true)]
    public uint TableLoop1MiB()
    {
        uint crc = LvmCrc.Initial;
        foreach (byte b in _data)
        {
            crc = _table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }
        return crc;
    }
}
