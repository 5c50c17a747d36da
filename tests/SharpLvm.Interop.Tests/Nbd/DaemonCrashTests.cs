using System.Globalization;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Interop.Tests.Daemon;
using SharpLvm.Nbd.Tests.Support;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// Issue 6: <c>kill -9</c> of the daemon while a 2-leg mirror LV with a disk log is written over NBD; a new
/// daemon reactivates the same table on the same images; the regions the log has dirty are resynchronised,
/// the legs end identical, and every write acknowledged before the last completed FLUSH reads back.
/// </summary>
public sealed class DaemonCrashTests
{
    private const int RegionSectors = 1024;            // 512 KiB regions
    private const long LegBytes = 64L << 20;           // 128 regions
    private const int Regions = (int)(LegBytes / 512 / RegionSectors);
    private const int SlotBytes = 32 << 10;
    private const int CleanBitsOffset = 1024;          // the disk log's region bitmap (1 = in sync), after its header

    private static string Table(string log, string leg0, string leg1) => string.Create(CultureInfo.InvariantCulture,
        $"0 {LegBytes / 512} mirror disk 2 {log} {RegionSectors} 2 {leg0} 0 {leg1} 0 1 handle_errors");

    /// <summary>Attaches the legs and the log in a fixed order and creates LV vg/m on them (the same numbers each time).</summary>
    private static void Activate(DaemonProcess daemon, TempDir images)
    {
        string leg0 = daemon.Ok("dmsetup", "attach", images.File("leg0.img")).Trim();
        string leg1 = daemon.Ok("dmsetup", "attach", images.File("leg1.img")).Trim();
        string log = daemon.Ok("dmsetup", "attach", images.File("log.img")).Trim();
        LvDevices.Create(daemon, "vg", "m", Table(log, leg0, leg1));
        using var client = daemon.Client();
        Assert.True(client.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(5)), "vg-m did not sync");
    }

    private static List<int> DirtyRegions(string logImage)
    {
        byte[] bits = File.ReadAllBytes(logImage).AsSpan(CleanBitsOffset, Regions / 8).ToArray();
        return Enumerable.Range(0, Regions).Where(r => (bits[r / 8] & (1 << (r % 8))) == 0).ToList();
    }

    [Fact]
    public async Task KillNineWhileAMirrorIsWrittenRecoversDirtyRegionsAndKeepsEverythingFlushed()
    {
        using var images = new TempDir();
        foreach (var (name, bytes) in new[] { ("leg0.img", LegBytes), ("leg1.img", LegBytes), ("log.img", 1L << 20) })
        {
            using var f = File.Create(images.File(name));
            f.SetLength(bytes);
        }
        FlushRecordingWriter writer;
        string stopped;
        using (var daemon = new DaemonProcess())
        {
            Activate(daemon, images);
            writer = new FlushRecordingWriter(daemon.NbdSocket, "vg/m", SlotBytes, (int)(LegBytes / SlotBytes));
            writer.Crash = () =>
            {
                daemon.Signal("KILL");
                Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(30)));
            };
            stopped = await Task.Run(writer.Run).WaitAsync(TimeSpan.FromMinutes(5));
        }
        Assert.StartsWith("connection lost", stopped, StringComparison.Ordinal);
        Assert.Equal(writer.CrashAfterFlushes * FlushRecordingWriter.WritesPerFlush, writer.Flushed.Count);
        Assert.Equal(writer.Flushed.Count + 2, writer.Written);

        // The log on disk says which regions were being written; make those legs really differ, as a torn write
        // would leave them, so that only a resync of exactly those regions can make them equal again.
        var dirty = DirtyRegions(images.File("log.img"));
        if (dirty.Count == 0)
        {
            // The last two writes had finished and their regions were already written clean when the kill landed
            // (the engine cleans a region as soon as its writes complete, as dm-raid1 does). Make it the kill that
            // came a moment earlier, while they were in flight: their regions dirty in the log.
            dirty = [.. Enumerable.Range(writer.Flushed.Count, writer.Written - writer.Flushed.Count)
                .Select(k => (int)(writer.Offset(k) / (RegionSectors * 512L))).Distinct().Order()];
            byte[] log = File.ReadAllBytes(images.File("log.img"));
            foreach (int r in dirty)
            {
                log[CleanBitsOffset + r / 8] &= (byte)~(1 << (r % 8));
            }
            File.WriteAllBytes(images.File("log.img"), log);
            Assert.Subset(DirtyRegions(images.File("log.img")).ToHashSet(), dirty.ToHashSet());
            dirty = DirtyRegions(images.File("log.img"));
        }
        Assert.NotEmpty(dirty);
        Assert.True(dirty.Count < Regions, "every region dirty: the log recorded nothing useful");
        using (var leg1 = new FileStream(images.File("leg1.img"), FileMode.Open, FileAccess.Write))
        {
            byte[] junk = new byte[RegionSectors * 512];
            Array.Fill(junk, (byte)0xEE);
            foreach (int r in dirty)
            {
                leg1.Position = (long)r * junk.Length;
                leg1.Write(junk);
            }
        }

        using (var restarted = new DaemonProcess())
        {
            Activate(restarted, images);
            Assert.Contains($"{Regions}/{Regions} 1 AA", restarted.Ok("dmsetup", "status", "vg-m"), StringComparison.Ordinal);
            using var client = TestNbdClient.Open(restarted.NbdSocket, "vg/m", structured: false);
            foreach (int k in writer.Flushed)
            {
                Assert.True(writer.Content(k).AsSpan().SequenceEqual(client.Read((ulong)writer.Offset(k), SlotBytes)),
                    $"write {k} (slot at {writer.Offset(k)}) was acknowledged before a completed FLUSH but is not intact");
            }
            restarted.Signal("TERM");
            Assert.True(restarted.WaitForExit(TimeSpan.FromSeconds(60)));
        }
        Assert.Equal(NbdTools.Sha256(images.File("leg0.img")), NbdTools.Sha256(images.File("leg1.img")));
        Assert.Empty(DirtyRegions(images.File("log.img")));
    }
}
