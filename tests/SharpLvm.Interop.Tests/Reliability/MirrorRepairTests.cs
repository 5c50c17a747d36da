using SharpLvm.Interop.Tests.Nbd;
using Xunit.Abstractions;
using static SharpLvm.Interop.Tests.Reliability.MirrorFaultRig;

namespace SharpLvm.Interop.Tests.Reliability;

/// <summary>
/// <c>lvconvert --repair</c> on an active mirror whose leg or log failed while its PV stays present, as LVM2 does it:
/// the live status marks the image (or log) failed (LVM2's transient check), the failed images are removed and a
/// failed log dropped; with <c>-y</c> they are replaced and resynced. The NBD client keeps its connection and every
/// acknowledged write reads back.
/// </summary>
public sealed class MirrorRepairTests(ITestOutputHelper log)
{
    [Fact]
    public void RepairOfAHealthyMirrorDoesNothingAndAFailedLegZeroIsRemovedLeavingTheGoodLeg()
    {
        using var rig = new MirrorFaultRig(legs: 2, pvs: 3, seed: 21);
        rig.Write(30);
        string healthy = rig.Daemon.Ok("lvconvert", "--repair", "vg/m");
        Assert.Contains("Volume vg/m is consistent. Nothing to repair.", healthy, StringComparison.Ordinal);

        rig.Fail("vg-m_mimage_0");
        rig.Write(60);
        Assert.Equal('D', rig.StatusField(2)[0]);
        string repaired = rig.Daemon.Ok("lvconvert", "--repair", "vg/m");
        log.WriteLine(repaired);
        Assert.Contains("Mirror status: 1 of 2 images failed.", repaired, StringComparison.Ordinal);
        // Without -y the image is not replaced: the LV is linear on the good leg's extents.
        Assert.StartsWith("0 65536 linear", rig.Daemon.Ok("dmsetup", "table", "vg-m"), StringComparison.Ordinal);
        Assert.DoesNotContain("mimage", rig.Daemon.Ok("dmsetup", "ls"), StringComparison.Ordinal);
        rig.Write(20);
        long verified = rig.Verify();
        log.WriteLine($"{rig.Slots} slots ({verified} bytes) verified after the repair");
    }

    [Fact]
    public void RepairWithYesReplacesAFailedLegOfAThreeLegMirrorAndResyncsIt()
    {
        using var rig = new MirrorFaultRig(legs: 3, pvs: 5, seed: 22);
        rig.Write(30);
        rig.Fail("vg-m_mimage_1");
        rig.Write(60);
        string repaired = rig.Daemon.Ok("lvconvert", "--repair", "-y", "vg/m");
        log.WriteLine(repaired);
        Assert.Contains("Mirror status: 1 of 3 images failed.", repaired, StringComparison.Ordinal);
        rig.WaitForSync();
        Assert.Contains($"{Regions}/{Regions} 1 AAA 3 disk", rig.Status(), StringComparison.Ordinal);
        rig.Write(20);
        long verified = rig.Verify();
        rig.CloseClient();
        var extents = rig.Extents();
        rig.Daemon.Ok("lvchange", "-an", "vg/m");
        var legs = extents.Where(e => e.Key.StartsWith("m_mimage_", StringComparison.Ordinal)).Select(e => NbdTools.Sha256(e.Value.Path, e.Value.Offset, LvBytes)).ToList();
        Assert.Equal(3, legs.Count);
        Assert.Single(legs.Distinct());
        log.WriteLine($"{rig.Slots} slots ({verified} bytes) verified; 3 legs identical after the replacement");
    }

    [Fact]
    public void AFailedLogKeepsTheMirrorWritingAndRepairDropsItToACoreLog()
    {
        using var rig = new MirrorFaultRig(legs: 2, pvs: 3, seed: 23);
        rig.Write(30);
        rig.Fail("vg-m_mlog");
        rig.Write(60);
        string status = rig.Status();
        log.WriteLine(status);
        Assert.EndsWith(" D", status, StringComparison.Ordinal);   // the log failed
        Assert.Equal("AA", rig.StatusField(2));                    // the legs did not
        rig.Verify();
        string repaired = rig.Daemon.Ok("lvconvert", "--repair", "vg/m");
        log.WriteLine(repaired);
        Assert.Contains("Mirror log status: 1 of 1 images failed.", repaired, StringComparison.Ordinal);
        Assert.Contains(" 1 core", rig.Status(), StringComparison.Ordinal);
        rig.WaitForSync();
        rig.Write(20);
        rig.Verify();
    }
}
