using System.Globalization;
using System.Text.RegularExpressions;
using SharpLvm.Metadata;
using SharpLvm.Tests.Operations;
using SharpLvm.Tests.Reliability;

namespace SharpLvm.Interop.Tests.Reliability;

/// <summary>
/// Issue 7's crash points read by real LVM2: the images of each crash point are attached as loop devices and
/// <c>lvm vgs</c> must see the same VG (name, seqno, LV and PV counts) as SharpLvm; after
/// <c>vgck --updatemetadata</c>, <c>lvm vgck</c> must pass without a warning about old or inconsistent metadata.
/// Needs root, loop devices and lvm2.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed partial class CrashVgckInteropTests
{
    public static TheoryData<string> Commands => ["pvcreate", "vgcreate", "vgextend", "vgreduce", "lvcreate", "lvextend", "lvremove", "lvconvert", "vgcfgrestore"];

    [SkippableTheory]
    [MemberData(nameof(Commands))]
    public void Real_lvm_reads_every_crash_point_as_sharplvm_does(string command)
    {
        string? why = Lvm.WhyNot();
        Skip.If(why is not null, why);
        CrashScenario scenario = CrashScenario.All.Single(s => s.Name == command);
        var loops = new List<LoopDevice>();
        Lvm? lvm = null;
        try
        {
            using var harness = new CrashHarness
            {
                Check = (stage, _, images) =>
                {
                    if (lvm is null)
                    {
                        loops.AddRange(images.Select(LoopDevice.Attach));
                        lvm = new Lvm(loops.Select(l => l.Path));
                    }
                    return stage == "crashed" ? SameVgs(lvm, images) : VgckPasses(lvm, scenario.Vg!);
                },
            };
            CrashReport report = harness.Run(scenario);
            Assert.True(report.Problems.Count == 0, string.Join('\n', report.Problems.Take(20)));
            Assert.True(report.Tried > 0 && report.Torn == 0, report.Line);
        }
        finally
        {
            lvm?.Dispose();
            loops.ForEach(l => l.Dispose());
        }
    }

    private static string? SameVgs(Lvm lvm, IReadOnlyList<string> images)
    {
        var ours = VgReader.Scan(images).Vgs
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Vg.Name} {v.Vg.Seqno} {v.Vg.LogicalVolumes.Count(l => l.IsVisible)} {v.Vg.PhysicalVolumes.Count}"))
            .ToList();
        var (code, stdout, stderr) = lvm.TryRun("vgs", "--noheadings", "-o", "vg_name,vg_seqno,lv_count,pv_count");
        if (code != 0 && ours.Count > 0)
        {
            return $"lvm vgs exited {code}: {stderr.Trim()}";
        }
        var theirs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Spaces().Replace(l.Trim(), " ")).ToList();
        return ours.SequenceEqual(theirs) ? null : $"lvm vgs reads [{string.Join("; ", theirs)}], sharplvm [{string.Join("; ", ours)}]";
    }

    private static string? VgckPasses(Lvm lvm, string vg)
    {
        var (code, _, stderr) = lvm.TryRun("vgck", vg);
        if (code != 0)
        {
            return $"lvm vgck {vg} exited {code}: {stderr.Trim()}";
        }
        return Complaint().IsMatch(stderr) ? $"lvm vgck {vg} warns: {stderr.Trim()}" : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("(?i)inconsistent|seqno|outdated|old metadata|missing the used flag")]
    private static partial Regex Complaint();
}
