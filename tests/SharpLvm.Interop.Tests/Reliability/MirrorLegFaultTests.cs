using SharpLvm.Interop.Tests.Nbd;
using Xunit.Abstractions;
using static SharpLvm.Interop.Tests.Reliability.MirrorFaultRig;

namespace SharpLvm.Interop.Tests.Reliability;

/// <summary>
/// Issue 7, fault targets in use: a leg of an active disk-log mirror LV, served by the daemon over NBD, is given an
/// error table (as LVM2's tests do with <c>aux disable_dev</c>); writes and reads go on with no error to the client,
/// <c>dmsetup status</c> shows the leg <c>D</c> (<c>R</c> first when leg 0 only failed reads) and the written regions
/// out of sync, <c>lvs</c> shows what LVM2 shows (no 'p': the PV is present; Cpy%Sync below 100); then
/// <c>lvchange --refresh</c> (with the leg's table put back by hand, or by the refresh itself) resyncs those regions
/// into the returned leg. At the end every acknowledged write reads back, the legs are byte-identical on the PVs and
/// the on-disk log is all clean.
/// </summary>
public sealed class MirrorLegFaultTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(2, 1, true)]
    [InlineData(2, 0, true)]
    [InlineData(3, 0, false)]
    [InlineData(3, 2, false)]
    public async Task ALegFailsUnderWritesAndReturnsAfterRefreshWithNothingLost(int legs, int failing, bool restoreByHand)
    {
        using var rig = new MirrorFaultRig(legs, legs + 1, seed: 7 + legs * 10 + failing);
        rig.Write(40);
        string leg = $"vg-m_mimage_{failing}";
        string legTable = rig.Fail(leg);

        // Reads first: leg 0 is the default leg, so its read errors show as R and the reads come from another leg.
        rig.Verify();
        Assert.Equal(failing == 0 ? 'R' : 'A', rig.StatusField(2)[failing]);

        // Writes: every one answers with no error; the regions they touched go out of sync.
        int duringFault = rig.Write(120);
        rig.Verify();
        string status = rig.Status();
        string health = rig.StatusField(2);
        Assert.Equal('D', health[failing]);
        Assert.Equal(legs - 1, health.Count(c => c == 'A'));
        int outOfSync = Regions - rig.InSyncRegions;
        Assert.True(outOfSync > 0, status);
        Assert.EndsWith(" A", status, StringComparison.Ordinal); // the log stayed healthy

        // lvs as LVM2 reports it: a mirror; no 'p' in the health letter (the PV is present); Cpy%Sync below 100.
        // The state letter is 'a': the mirror is active (the daemon answers lvs).
        string[] lvs = rig.Daemon.Ok("lvs", "--noheadings", "--separator", "|", "-o", "lv_attr,copy_percent,devices", "vg/m").Trim().Split('|');
        log.WriteLine($"during the fault: dmsetup status: {status}; lvs: {string.Join('|', lvs)}");
        Assert.StartsWith("mwi-a", lvs[0], StringComparison.Ordinal);
        Assert.Equal('-', lvs[0][8]);
        Assert.True(double.Parse(lvs[1], System.Globalization.CultureInfo.InvariantCulture) < 100, lvs[1]);
        Assert.Equal(string.Join(',', Enumerable.Range(0, legs).Select(i => $"m_mimage_{i}(0)")), lvs[2]); // the failed image is still listed

        if (restoreByHand)
        {
            rig.Swap(leg, legTable);
            // The leg is back but the mirror keeps its error mark until it is refreshed and in sync again.
            Assert.Equal('D', rig.StatusField(2)[failing]);
        }
        // The refresh runs while the client keeps writing: its writes wait out the suspend and complete.
        var writing = Task.Run(() => rig.Write(40));
        rig.Daemon.Ok("lvchange", "--refresh", "vg/m");
        int afterRefresh = await writing.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(legTable, rig.Daemon.Ok("dmsetup", "table", leg).Trim());
        rig.WaitForSync();
        status = rig.Status();
        Assert.Contains($"{Regions}/{Regions} 1 {new string('A', legs)} 3 disk", status, StringComparison.Ordinal);
        long verified = rig.Verify();
        rig.CloseClient();
        log.WriteLine($"{legs} legs, leg {failing} failed: {duringFault} writes during the fault, {outOfSync} of {Regions} regions out of sync, " +
            $"{afterRefresh} writes during the refresh, {rig.Slots} slots ({verified} bytes) verified; after: {status}");

        // Deactivated (the log written clean at the suspend): each leg on its PV holds what the LV held; the log is clean.
        var extents = rig.Extents();
        rig.Daemon.Ok("lvchange", "-an", "vg/m");
        var legHashes = Enumerable.Range(0, legs).Select(i => extents[$"m_mimage_{i}"]).Select(e => NbdTools.Sha256(e.Path, e.Offset, LvBytes));
        Assert.Single(legHashes.Distinct());
        Assert.All(LogBits(extents["m_mlog"]), b => Assert.Equal(0xFF, b));
    }

    /// <summary>The disk log's clean bitmap (after its 1 KiB header).</summary>
    internal static byte[] LogBits((string Path, long Offset) log)
    {
        byte[] bits = new byte[Regions / 8];
        using var f = new FileStream(log.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        f.Position = log.Offset + 1024;
        f.ReadExactly(bits);
        return bits;
    }
}
