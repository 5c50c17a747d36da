using System.Buffers.Binary;
using System.Collections.Concurrent;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using static SharpLvm.DeviceMapper.Tests.Engine.EngineFixture;

namespace SharpLvm.DeviceMapper.Tests.Engine;

/// <summary>
/// Four threads write and verify while another cycles load/suspend/resume between equivalent tables:
/// no write lost, none reordered (each sector ends with its last version), no deadlock.
/// </summary>
public sealed class SuspendUnderLoadTests
{
    private const int Writers = 4;
    private const int SectorsPerWriter = 256;

    [Theory]
    [InlineData("0 1024 linear 7:0 0", "0 512 linear 7:0 0\n512 512 linear 7:0 512", 10_000)]
    [InlineData("0 1024 mirror core 2 128 nosync 2 7:0 0 7:1 0", "0 1024 mirror core 2 128 nosync 2 7:0 0 7:1 0 1 handle_errors", 10_000)]
    public void NoIoIsLostOrReorderedWhileTablesAreSwapped(string tableA, string tableB, int cycles)
    {
        using var f = new EngineFixture();
        f.Create("d", tableA);
        var tables = new[] { Table.Parse(tableA), Table.Parse(tableB) };
        var errors = new ConcurrentQueue<string>();
        var last = new long[Writers * SectorsPerWriter];
        long[] writes = new long[Writers];
        int stop = 0;
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            try
            {
                using var dev = f.Mapper.Open(N("d"));
                var buffer = new byte[512];
                var back = new byte[512];
                for (long version = 1; Volatile.Read(ref stop) == 0; version++)
                {
                    int sector = w * SectorsPerWriter + (int)(version % SectorsPerWriter);
                    BinaryPrimitives.WriteInt64LittleEndian(buffer, version);
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(8), sector);
                    dev.Write(new Sectors((ulong)sector), buffer);
                    dev.Read(new Sectors((ulong)sector), back);
                    if (!back.AsSpan().SequenceEqual(buffer))
                    {
                        errors.Enqueue($"writer {w}: sector {sector} read {BinaryPrimitives.ReadInt64LittleEndian(back)} after writing {version}");
                    }
                    last[sector] = version;
                    writes[w]++;
                }
            }
            catch (Exception e)
            {
                errors.Enqueue($"writer {w}: {e.Message}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        var control = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < cycles; i++)
                {
                    f.Mapper.Load(N("d"), tables[i % 2]);
                    f.Mapper.Suspend(N("d"), flush: i % 3 != 0);
                    f.Mapper.Resume(N("d"));
                }
            }
            catch (Exception e)
            {
                errors.Enqueue($"control: {e.Message}");
            }
        });
        control.Start();
        bool finished = control.Join(TimeSpan.FromMinutes(3));
        Volatile.Write(ref stop, 1);
        Assert.True(finished, "control thread deadlocked or too slow");
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(30)), "writer did not finish"));
        Assert.Empty(errors);
        Assert.All(writes, n => Assert.True(n > 0));
        foreach (var disk in tableA.Contains("mirror", StringComparison.Ordinal) ? f.Disks.Take(2) : f.Disks.Take(1))
        {
            for (int s = 0; s < last.Length; s++)
            {
                if (last[s] != 0)
                {
                    Assert.Equal(last[s], BinaryPrimitives.ReadInt64LittleEndian(disk.ReadBytes((ulong)s * 512, 8)));
                }
            }
        }
        Assert.False(f.Mapper.TryGetInfo(N("d"))!.Suspended);
    }
}
