using System.Globalization;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Interop.Tests.Daemon;
using SharpLvm.Interop.Tests.Nbd;
using SharpLvm.Nbd.Tests.Support;
using Xunit.Abstractions;

namespace SharpLvm.Interop.Tests.Reliability;

/// <summary>
/// Issue 7, fault targets in use: a leg of an active disk-log mirror LV, served by the daemon over NBD, is given an
/// error table (as LVM2's tests do with <c>aux disable_dev</c>); writes and reads go on with no error to the client,
/// <c>dmsetup status</c> shows the leg <c>D</c> and the written regions out of sync, <c>lvs</c> shows what LVM2 shows
/// (no 'p': the PV is present; Cpy%Sync below 100); then <c>lvchange --refresh</c> (with the leg's table put back by
/// hand, or by the refresh itself) resyncs those regions into the returned leg. At the end every acknowledged write
/// reads back, the legs are byte-identical on the PVs and the on-disk log is all clean.
/// </summary>
public sealed class MirrorLegFaultTests(ITestOutputHelper log)
{
    private const long MiB = 1 << 20;
    private const long PeStart = MiB;           // LVM2's default first extent
    private const long ExtentBytes = 4 * MiB;   // and extent size
    private const long LvBytes = 32 * MiB;
    private const int RegionBytes = 256 << 10;  // -R 256K: 128 regions
    private const int SlotBytes = 48 << 10;     // slots straddle region boundaries now and then

    [Theory]
    [InlineData(2, 1, true)]
    [InlineData(2, 0, true)]
    [InlineData(3, 0, false)]
    [InlineData(3, 2, false)]
    public void ALegFailsUnderWritesAndReturnsAfterRefreshWithNothingLost(int legs, int failing, bool restoreByHand)
    {
        using var daemon = new DaemonProcess();
        daemon.Environment["LVM_SYSTEM_DIR"] = Directory.CreateDirectory(daemon.Dir.File("etc")).FullName;
        string[] pvs = [.. Enumerable.Range(0, legs + 1).Select(i => daemon.Image($"pv{i}.img", 40 * MiB))];
        daemon.Ok(["pvcreate", .. pvs]);
        daemon.Ok(["vgcreate", "vg", .. pvs]);
        daemon.Ok("lvcreate", "--type", "mirror", $"-m{legs - 1}", "--mirrorlog", "disk", "-R", "256K", "-L", "32M", "-n", "m", "vg");
        using (var control = daemon.Client())
        {
            Assert.True(control.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(5)), "vg-m did not sync");
        }
        int regions = (int)(LvBytes / RegionBytes);
        Assert.Contains($"{regions}/{regions} 1 {new string('A', legs)} 3 disk", daemon.Ok("dmsetup", "status", "vg-m"), StringComparison.Ordinal);

        var expected = new Dictionary<long, byte[]>();
        var random = new Random(7 + legs * 10 + failing);
        using var client = TestNbdClient.Open(daemon.NbdSocket, "vg/m", structured: false);
        WriteSlots(client, expected, random, 40);

        string leg = $"vg-m_mimage_{failing}";
        string legTable = daemon.Ok("dmsetup", "table", leg).Trim();
        string legSectors = legTable.Split(' ')[1];
        daemon.Ok("dmsetup", "load", leg, "--table", $"0 {legSectors} error");
        daemon.Ok("dmsetup", "suspend", leg);
        daemon.Ok("dmsetup", "resume", leg);

        // The fault: every write and read answers with no error; reads of the written slots give what was written.
        int duringFault = WriteSlots(client, expected, random, 120);
        VerifyAll(client, expected);
        string status = daemon.Ok("dmsetup", "status", "vg-m");
        string health = StatusField(status, legs, 2);
        Assert.Equal('D', health[failing]);
        Assert.Equal(legs - 1, health.Count(c => c == 'A'));
        int inSync = int.Parse(StatusField(status, legs, 0).Split('/')[0], CultureInfo.InvariantCulture);
        int outOfSync = regions - inSync;
        Assert.True(outOfSync > 0, status);
        Assert.EndsWith(" A", status.Trim(), StringComparison.Ordinal); // the log stayed healthy

        // lvs as LVM2 reports it: a mirror; no 'p' in the health letter (the PV is present); Cpy%Sync below 100.
        // (Our lvs leaves the state letters 5-6 'X', as LVM2 with activation disabled.)
        string[] lvs = daemon.Ok("lvs", "--noheadings", "--separator", "|", "-o", "lv_attr,copy_percent", "vg/m").Trim().Split('|');
        log.WriteLine($"during the fault: dmsetup status: {status.Trim()}; lvs: {string.Join('|', lvs)}");
        Assert.StartsWith("mwi-", lvs[0], StringComparison.Ordinal);
        Assert.Equal('-', lvs[0][8]);
        Assert.True(double.Parse(lvs[1], CultureInfo.InvariantCulture) < 100, lvs[1]);

        if (restoreByHand)
        {
            daemon.Ok("dmsetup", "load", leg, "--table", legTable);
            daemon.Ok("dmsetup", "suspend", leg);
            daemon.Ok("dmsetup", "resume", leg);
            // The leg is back but the mirror keeps its error mark until it is refreshed and in sync again.
            Assert.Equal('D', StatusField(daemon.Ok("dmsetup", "status", "vg-m"), legs, 2)[failing]);
        }
        daemon.Ok("lvchange", "--refresh", "vg/m");
        Assert.Equal(legTable, daemon.Ok("dmsetup", "table", leg).Trim());
        int afterRefresh = WriteSlots(client, expected, random, 40);
        using (var control = daemon.Client())
        {
            Assert.True(control.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(5)), "vg-m did not resync after the refresh");
        }
        status = daemon.Ok("dmsetup", "status", "vg-m");
        Assert.Contains($"{regions}/{regions} 1 {new string('A', legs)} 3 disk", status, StringComparison.Ordinal);
        long verified = VerifyAll(client, expected);
        client.Dispose();
        log.WriteLine($"{legs} legs, leg {failing} failed: {duringFault} writes during the fault, {outOfSync} of {regions} regions out of sync, " +
            $"{afterRefresh} writes after the refresh, {expected.Count} slots ({verified} bytes) verified; after: {status.Trim()}");

        // Deactivated (the log written clean at the suspend): each leg on its PV holds what the LV held; the log is clean.
        string[] ranges = daemon.Ok("lvs", "-a", "--noheadings", "--separator", "|", "-o", "lv_name,seg_pe_ranges", "vg")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        daemon.Ok("lvchange", "-an", "vg/m");
        var legHashes = ranges.Where(r => r.Split('|')[0].Contains("_mimage_", StringComparison.Ordinal)).Select(r => Extents(r.Split('|')[1])).ToList();
        Assert.Equal(legs, legHashes.Count);
        Assert.Single(legHashes.Select(r => NbdTools.Sha256(r.Path, r.Offset, LvBytes)).Distinct());
        var logExtent = Extents(ranges.Single(r => r.Split('|')[0].Contains("_mlog", StringComparison.Ordinal)).Split('|')[1]);
        byte[] bits = new byte[regions / 8];
        using (var f = new FileStream(logExtent.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            f.Position = logExtent.Offset + 1024;
            f.ReadExactly(bits);
        }
        Assert.All(bits, b => Assert.Equal(0xFF, b));
    }

    /// <summary>Writes <paramref name="count"/> random slots (some overwritten), flushing every 8; each must succeed.</summary>
    private static int WriteSlots(TestNbdClient client, Dictionary<long, byte[]> expected, Random random, int count)
    {
        for (int i = 0; i < count; i++)
        {
            long offset = random.NextInt64((LvBytes - SlotBytes) / 512) * 512;
            byte[] data = new byte[SlotBytes];
            random.NextBytes(data);
            var reply = client.Call(Cmd.Write, (ulong)offset, SlotBytes, 0, data);
            Assert.True(reply.Error == 0, $"write at {offset} failed with NBD error {reply.Error}");
            foreach (long other in expected.Keys.Where(o => o != offset && o < offset + SlotBytes && offset < o + SlotBytes).ToList())
            {
                // Overlapping an earlier slot: keep the earlier slot's bytes as they now are.
                byte[] old = expected[other];
                long from = Math.Max(other, offset), to = Math.Min(other + SlotBytes, offset + SlotBytes);
                data.AsSpan((int)(from - offset), (int)(to - from)).CopyTo(old.AsSpan((int)(from - other)));
            }
            expected[offset] = data;
            if (i % 8 == 7)
            {
                Assert.Equal(0u, client.Call(Cmd.Flush, 0, 0).Error);
            }
        }
        return count;
    }

    private static long VerifyAll(TestNbdClient client, Dictionary<long, byte[]> expected)
    {
        long bytes = 0;
        foreach (var (offset, data) in expected)
        {
            Assert.True(data.AsSpan().SequenceEqual(client.Read((ulong)offset, SlotBytes)), $"slot at {offset} does not read back");
            bytes += data.Length;
        }
        return bytes;
    }

    /// <summary>A field of a mirror status line after the leg devices: 0 sync/regions, 1 the "1", 2 the health chars.</summary>
    private static string StatusField(string status, int legs, int field) =>
        status.Trim().Split(' ')[4 + legs + field];

    /// <summary>A one-range seg_pe_ranges ("/path/pv1.img:0-7") as the file and byte offset of its first extent.</summary>
    private static (string Path, long Offset) Extents(string peRanges)
    {
        string range = Assert.Single(peRanges.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        int colon = range.LastIndexOf(':');
        long first = long.Parse(range[(colon + 1)..].Split('-')[0], CultureInfo.InvariantCulture);
        return (range[..colon], PeStart + first * ExtentBytes);
    }
}
