using System.Diagnostics;
using System.Globalization;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Benchmarks;

/// <summary>
/// <c>SharpLvm.Benchmarks engine-ratios [ROUNDS]</c>: the engine benchmark's workloads, interleaved: each
/// round runs every workload on every target (raw first) back to back, so that load from other processes
/// hits all of them alike; the median over the rounds gives MB/s and the share of raw.
/// </summary>
internal static class EngineRatios
{
    private const int SequentialOps = 32;
    private const int RandomOps = 1024;

    private static readonly (string Name, int Bytes, int Ops, bool Write, bool Random)[] Workloads =
    [
        ("seq read 1MiB", 1 << 20, SequentialOps, false, false),
        ("seq write 1MiB", 1 << 20, SequentialOps, true, false),
        ("rand read 4KiB", 4096, RandomOps, false, true),
        ("rand write 4KiB", 4096, RandomOps, true, true),
    ];

    public static void Run(int rounds)
    {
        using var rig = new EngineRig();
        var devices = EngineRig.Targets.Select(t => (Target: t, Device: rig.Open(t))).ToList();
        var samples = new Dictionary<(string, string), List<double>>();
        var random = new Random(3);
        ulong[] randomSectors = [.. Enumerable.Range(0, RandomOps).Select(_ => (ulong)random.NextInt64(0, (long)(EngineRig.DeviceSectors / 8)) * 8)];
        for (int round = -1; round < rounds; round++)
        {
            foreach (var w in Workloads)
            {
                foreach (var (target, device) in devices)
                {
                    double seconds = Measure(device, w.Bytes, w.Ops, w.Write, w.Random ? randomSectors : null, round);
                    if (round >= 0)
                    {
                        samples.TryAdd((w.Name, target), []);
                        samples[(w.Name, target)].Add((double)w.Bytes * w.Ops / seconds / 1e6);
                    }
                }
            }
        }
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}  rounds: {rounds}");
        Console.WriteLine($"{"workload",-16} {"target",-15} {"MB/s (median)",14} {"of raw",8}");
        foreach (var w in Workloads)
        {
            double raw = Median(samples[(w.Name, "raw")]);
            foreach (string target in EngineRig.Targets)
            {
                double mbps = Median(samples[(w.Name, target)]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w.Name,-16} {target,-15} {mbps,14:F1} {mbps / raw,8:P0}"));
            }
        }
    }

    private static double Measure(IBlockDevice device, int bytes, int ops, bool write, ulong[]? sectors, int round)
    {
        var buffer = new byte[bytes];
        new Random(round + 10).NextBytes(buffer);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < ops; i++)
        {
            var at = new Sectors(sectors?[i] ?? (ulong)((i * 2048 + Math.Max(round, 0) * 4096) % (long)EngineRig.DeviceSectors));
            if (write)
            {
                device.Write(at, buffer);
            }
            else
            {
                device.Read(at, buffer);
            }
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
