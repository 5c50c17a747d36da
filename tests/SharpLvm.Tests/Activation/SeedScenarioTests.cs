using System.Buffers.Binary;
using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Trace;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Operations.Lv;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Activation;

/// <summary>
/// The seed scenario (shared/seed/lvconvert-off-tree-layer.txt) end to end: lvconvert -m+1 of an active 2-leg
/// disk-log mirror while a writer writes and verifies data throughout.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class SeedScenarioTests
{
    private const int BlockBytes = 4096;

    [Fact]
    public void UpConvertUnderALiveWriterKeepsEveryAcknowledgedWriteAndErrorsTheLayerBeforeTheTopResumes()
    {
        using var h = new ActivationHarness();
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "16M", "-n", "lvol0", "vg");
        var output = new LvOutput();
        LvActivation.Change(h.Context, ActivationHarness.Vg, ["lvol0"], activate: true, h.Host, output, h.Options);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-lvol0"), TimeSpan.FromMinutes(1)));

        var acknowledged = new Dictionary<long, uint>();
        var errors = new List<string>();
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() => Writer(h, acknowledged, errors, stop.Token));
        writer.Start();
        Thread.Sleep(50);
        var progress = new List<(ulong InSync, ulong Total)>();
        h.Options = h.Options with { SyncProgress = (inSync, total) => progress.Add((inSync, total)) };
        LiveMirrorConvert.Convert(h.Context, ActivationHarness.Vg, "lvol0", new LvConvertMirrorRequest { Mirrors = 1, Sign = SizeSign.Plus },
            h.Host, output, h.Options);
        Thread.Sleep(50);
        stop.Cancel();
        writer.Join();

        Assert.Empty(errors);
        Assert.True(acknowledged.Count > 0);
        Assert.Contains("Logical volume vg/lvol0 converted.", output.Info);
        Assert.NotEmpty(progress);
        Assert.True(progress[^1].InSync == progress[^1].Total && progress[^1].Total > 0, string.Join(' ', progress));

        // The log: in the collapse, _mimagetmp_2 gets an error table before the first suspend and is resumed before the top.
        string[] lines = h.LogLines;
        int tmpLoad = Array.FindLastIndex(lines, l => l.Contains("Loading table for vg-lvol0_mimagetmp_2 (", StringComparison.Ordinal));
        Assert.True(tmpLoad >= 0, h.Log);
        Assert.EndsWith(" error", lines[tmpLoad + 1].TrimEnd(), StringComparison.Ordinal);
        int firstSuspend = Array.FindIndex(lines, tmpLoad, l => l.Contains("Suspending vg-lvol0 (", StringComparison.Ordinal));
        int tmpResume = Array.FindIndex(lines, tmpLoad, l => l.Contains("Resuming vg-lvol0_mimagetmp_2 (", StringComparison.Ordinal));
        int topResume = Array.FindIndex(lines, tmpLoad, l => l.Contains("Resuming vg-lvol0 (", StringComparison.Ordinal));
        int tmpRemove = Array.FindIndex(lines, tmpLoad, l => l.Contains("Removing vg-lvol0_mimagetmp_2 (", StringComparison.Ordinal));
        Assert.True(tmpLoad < firstSuspend && firstSuspend < tmpResume && tmpResume < topResume && topResume < tmpRemove, h.Log);

        // Mirrors are suspended without flush, the leaving layer too (as LVM2's tree-wide no_flush).
        Assert.DoesNotContain(lines, l => l.Contains("Suspending vg-lvol0", StringComparison.Ordinal) && l.EndsWith("with device flush", StringComparison.Ordinal));

        // The precommit is written before any suspend; the commit, as in LVM2, between the suspend and resume walks.
        var suspended = new HashSet<string>();
        foreach (string line in lines)
        {
            if (line.Contains("  Suspending ", StringComparison.Ordinal))
            {
                suspended.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
            }
            else if (line.Contains("  Resuming ", StringComparison.Ordinal))
            {
                suspended.Remove(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
            }
            else if (line.Contains("Precommitted VG", StringComparison.Ordinal))
            {
                Assert.Empty(suspended);
            }
            else if (line.Contains("Committed VG", StringComparison.Ordinal))
            {
                Assert.NotEmpty(suspended);
            }
        }
        Assert.Equal(2, lines.Count(l => l.Contains("Committed VG vg metadata", StringComparison.Ordinal)));

        // The whole captured log replays safely through verify-trace's checker, from no devices.
        var report = TraceVerifier.Verify(h.Log);
        Assert.True(report.IsSafe, report.ToString());
        Assert.True(report.Steps.Count > 20);

        // Afterwards: three identical legs, every acknowledged write on the LV, live tables = the metadata's.
        var vg = h.ReadVg();
        Assert.Null(vg.FindLv("lvol0_mimagetmp_2"));
        Assert.Equal(h.ExpectedTables("lvol0"), h.LiveTables());
        byte[] top = h.ReadDevice("vg-lvol0");
        foreach (string leg in new[] { "vg-lvol0_mimage_0", "vg-lvol0_mimage_1", "vg-lvol0_mimage_2" })
        {
            Assert.True(top.AsSpan().SequenceEqual(h.ReadDevice(leg)), $"{leg} differs from the LV");
        }
        foreach (var (block, value) in acknowledged)
        {
            Assert.Equal(value, BinaryPrimitives.ReadUInt32LittleEndian(top.AsSpan((int)(block * BlockBytes))));
        }
    }

    /// <summary>Writes numbered blocks at pseudo-random places, reads each back, and records what was acknowledged.</summary>
    private static void Writer(ActivationHarness h, Dictionary<long, uint> acknowledged, List<string> errors, CancellationToken stop)
    {
        try
        {
            using var dev = h.Host.Engine.Open(DmName.Parse("vg-lvol0"));
            long blocks = (long)(dev.Size.Bytes / BlockBytes);
            var buffer = new byte[BlockBytes];
            var back = new byte[BlockBytes];
            var random = new Random(7);
            for (uint n = 1; !stop.IsCancellationRequested; n++)
            {
                long block = random.NextInt64(blocks);
                buffer.AsSpan().Fill((byte)n);
                BinaryPrimitives.WriteUInt32LittleEndian(buffer, n);
                dev.Write(Sectors.FromBytes((ulong)(block * BlockBytes)), buffer);
                lock (acknowledged)
                {
                    acknowledged[block] = n;
                }
                dev.Read(Sectors.FromBytes((ulong)(block * BlockBytes)), back);
                if (!back.AsSpan().SequenceEqual(buffer))
                {
                    errors.Add($"block {block}: read back differs after write {n}");
                }
            }
            dev.Flush();
        }
        catch (Exception e) when (e is DeviceMapper.Errors.StorageException or IOException)
        {
            errors.Add(e.Message);
        }
    }
}
