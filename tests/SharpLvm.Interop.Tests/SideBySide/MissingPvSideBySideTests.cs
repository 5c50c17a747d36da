using SharpLvm.TestSupport;
using Xunit.Abstractions;

namespace SharpLvm.Interop.Tests.SideBySide;

/// <summary>
/// A PV goes missing, side by side with real LVM2: LVM2's loop device is detached (losetup -d) while our image file is
/// moved away; then both run the same commands (reports, refused changes, the changes LVM2 still allows on a partial
/// VG, <c>vgreduce --removemissing</c> with and without --force/--mirrorsonly/--test), and the PV may come back
/// (<c>vgextend --restoremissing</c>). After every step the exit codes and the normalised pvs/vgs/lvs -a reports,
/// vg_seqno included (so the number of commits), must agree.
/// </summary>
[Collection("LVM_SYSTEM_DIR")]
public sealed class MissingPvSideBySideTests(ITestOutputHelper log)
{
    private const int Devices = 3;

    // A linear LV on the PV that goes (pv1), one spanning pv0 and pv1, a 2-leg mirror with a disk log on pv0 and a leg
    // on pv1, and a 3-leg mirror with a core log.
    private static readonly string[] Setup =
    [
        "pvcreate {pv0} {pv1} {pv2}",
        "vgcreate vg0 {pv0} {pv1} {pv2}",
        "lvcreate -an -Zn -n lin -L 8m vg0 {pv0}",
        "lvcreate -an -Zn -n onmissing -L 8m vg0 {pv1}",
        "lvcreate -an -Zn -n span -l 6 vg0 {pv0} {pv1}",
        "lvcreate -an -Zn -n m2 -L 8m vg0 {pv2}",
        "lvconvert -y --type mirror -m1 vg0/m2 {pv2} {pv1} {pv0}",
        "lvcreate -an -Zn -n m3 -L 4m vg0 {pv0}",
        "lvconvert -y --type mirror -m2 --mirrorlog core vg0/m3 {pv0} {pv1} {pv2}",
    ];

    public static TheoryData<string> Scenarios => ["refuse-and-restore", "force", "mirrorsonly", "log-missing", "back-after-removal", "back-unchanged"];

    private static IReadOnlyList<string> Script(string scenario) => scenario switch
    {
        // Without --force: refused, but the VG is written once with pv1 flagged MISSING; what LVM2 still allows; the PV
        // comes back still flagged; vgextend --restoremissing brings it in.
        "refuse-and-restore" =>
        [
            "@detach 1",
            "lvcreate -an -Zn -n new -L 4m vg0",
            "vgreduce --removemissing --test vg0",
            "vgreduce --removemissing vg0",
            "lvextend -L +4m vg0/lin",
            "lvchange --addtag t vg0/lin",
            "vgchange --addtag t vg0",
            "@attach 1",
            "lvcreate -an -Zn -n new -L 4m vg0",
            "vgextend --restoremissing vg0 {pv1}",
            "vgextend --restoremissing vg0 {pv1}",
            "lvcreate -an -Zn -n new -L 4m vg0",
        ],
        "force" =>
        [
            "@detach 1",
            "vgreduce --removemissing --force vg0",
            "vgreduce --removemissing vg0",
            "lvcreate -an -Zn -n new -L 4m vg0",
        ],
        // The disk log of a mirror whose legs are present is on the missing PV: --force drops the log (core log).
        "log-missing" =>
        [
            "lvremove -f vg0/m2",
            "lvcreate -an -Zn -n ml -L 8m vg0 {pv0}",
            "lvconvert -y --type mirror -m1 vg0/ml {pv0} {pv2} {pv1}",
            "@detach 1",
            "vgck vg0",
            "vgreduce --removemissing --force vg0",
        ],
        // The PV comes back after --force removed it from the VG: its old metadata names a VG it is no longer in.
        "back-after-removal" =>
        [
            "@detach 1",
            "vgreduce --removemissing --force vg0",
            "@attach 1",
            "vgck vg0",
            "vgck --updatemetadata vg0",
            "vgextend vg0 {pv1}",
        ],
        // The PV comes back before anything was written without it: nothing to restore.
        "back-unchanged" =>
        [
            "@detach 1",
            "lvcreate -an -Zn -n new -L 4m vg0",
            "@attach 1",
            "vgextend --restoremissing vg0 {pv1}",
            "lvcreate -an -Zn -n new -L 4m vg0",
            "vgreduce --removemissing vg0",
        ],
        _ =>
        [
            "@detach 1",
            "vgreduce --removemissing --mirrorsonly --force vg0",
            "lvremove -f vg0/onmissing",
            "vgreduce --removemissing vg0",
            "lvcreate -an -Zn -n new -L 4m vg0",
        ],
    };

    [SkippableTheory]
    [MemberData(nameof(Scenarios))]
    public void Missing_pv_commands_agree_with_lvm2(string scenario)
    {
        Skip.IfNot(Lvm2Side.Available(out string why), why);
        using var dir = new TempDir();
        var lvmImages = Enumerable.Range(0, Devices).Select(i => SideBySideTests.Image(dir, $"lvm{i}.img")).ToList();
        var ourImages = Enumerable.Range(0, Devices).Select(i => SideBySideTests.Image(dir, $"our{i}.img")).ToList();
        string ourSys = dir.File("our-sys");
        using var lvm = new Lvm2Side(dir.Path, lvmImages);
        var failures = new List<string>();
        foreach (string command in Setup.Concat(Script(scenario)))
        {
            if (command.StartsWith('@'))
            {
                int index = command[^1] - '0';
                string away = ourImages[index] + ".away";
                if (command.StartsWith("@detach", StringComparison.Ordinal))
                {
                    lvm.Detach(index);
                    File.Move(ourImages[index], away);
                }
                else
                {
                    lvm.Attach(index, lvmImages[index]);
                    File.Move(away, ourImages[index]);
                }
                SideBySideTests.CompareReports(lvm, ourSys, ourImages, command, failures);
                continue;
            }
            var theirs = lvm.Lvm(SideBySideTests.Expand(command, lvm.Devices, dir.Path));
            var ours = SideBySideTests.Ours(ourSys, SideBySideTests.Expand(command, ourImages, dir.Path));
            log.WriteLine($"{command}: lvm {theirs.Code}, ours {ours.Code}");
            if (theirs.Code != ours.Code)
            {
                failures.Add($"{command}: exit {theirs.Code} (lvm: {theirs.Err.Trim()}) vs ours {ours.Code} ({ours.Err.Trim()})");
            }
            SideBySideTests.CompareReports(lvm, ourSys, ourImages, command, failures);
        }
        failures.ForEach(log.WriteLine);
        Assert.True(failures.Count == 0, $"{failures.Count} differences; first: {failures.FirstOrDefault()}");
    }
}
