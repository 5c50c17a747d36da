using SharpLvm.Cli;
using SharpLvm.TestSupport;
using Xunit.Abstractions;

namespace SharpLvm.Interop.Tests.SideBySide;

/// <summary>
/// The same script run by real LVM2 (loop devices, activation disabled) and by SharpLvm (image files): after every
/// command the exit codes and the normalised pvs, vgs and lvs -a JSON reports must agree; at the end real
/// <c>lvm vgck</c> and <c>pvck</c> accept our images.
/// </summary>
[Collection("LVM_SYSTEM_DIR")]
public sealed class SideBySideTests(ITestOutputHelper log)
{
    internal const string PvFields = "pv_name,vg_name,pv_attr,pv_size,pv_free,pv_pe_count,pv_pe_alloc_count,pv_tags,pe_start,pv_mda_count,pv_mda_used_count,dev_size";
    internal const string VgFields = "vg_name,pv_count,lv_count,vg_attr,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,vg_tags,vg_seqno,max_lv,max_pv,vg_allocation_policy,vg_mda_count";
    internal const string LvFields = "lv_name,vg_name,lv_attr,lv_size,seg_count,seg_start_pe,seg_size_pe,segtype,stripes,stripe_size,region_size,mirror_log,devices,seg_pe_ranges,lv_tags";

    public static TheoryData<string> Scripts => ["pv-vg", "lv"];

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Commands_agree_with_lvm2(string script)
    {
        var commands = script == "lv" ? SideBySideScript.LvCommands : SideBySideScript.PvVgCommands;
        Skip.IfNot(Lvm2Side.Available(out string why), why);
        using var dir = new TempDir();
        var lvmImages = Enumerable.Range(0, SideBySideScript.DeviceCount).Select(i => Image(dir, $"lvm{i}.img")).ToList();
        var ourImages = Enumerable.Range(0, SideBySideScript.DeviceCount).Select(i => Image(dir, $"our{i}.img")).ToList();
        string ourSys = dir.File("our-sys");
        Directory.CreateDirectory(dir.File("lvm-files"));
        Directory.CreateDirectory(dir.File("our-files"));
        using var lvm = new Lvm2Side(dir.Path, lvmImages);
        var failures = new List<string>();
        foreach (string command in commands)
        {
            string[] lvmArgs = Expand(command, lvm.Devices, dir.File("lvm-files"));
            string[] ourArgs = Expand(command, ourImages, dir.File("our-files"));
            var theirs = lvm.Lvm(lvmArgs);
            var ours = Ours(ourSys, ourArgs);
            log.WriteLine($"{command}: lvm {theirs.Code}, ours {ours.Code}");
            if (theirs.Code != ours.Code)
            {
                failures.Add($"{command}: exit {theirs.Code} (lvm: {theirs.Err.Trim()}) vs ours {ours.Code} ({ours.Err.Trim()})");
            }
            if (command.StartsWith("vgck ", StringComparison.Ordinal))
            {
                // Real LVM2 must accept our PVs: attach our images and let lvm vgck and vgs read them.
                using var check = new Lvm2Side(dir.File("check"), ourImages);
                var vgck = check.Lvm(command.Split(' '));
                var vgs = check.Lvm(["vgs", "--noheadings", "-o", "vg_name"]);
                log.WriteLine($"real lvm vgck on our images: {vgck.Code} {vgck.Err.Trim()}; vgs: {vgs.Out.Trim()}");
                if (vgck.Code != 0 || !vgs.Out.Contains(command.Split(' ')[1], StringComparison.Ordinal))
                {
                    failures.Add($"real lvm vgck on our images: exit {vgck.Code}: {vgck.Err.Trim()}");
                }
            }
            CompareReports(lvm, ourSys, ourImages, command, failures);
        }
        foreach (string failure in failures)
        {
            log.WriteLine(failure);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} differences; first: {failures.FirstOrDefault()}");
    }

    /// <summary>The normalised pvs, vgs and lvs -a JSON reports of both sides; each difference is added to <paramref name="failures"/>.</summary>
    internal static void CompareReports(Lvm2Side lvm, string ourSys, IReadOnlyList<string> ourImages, string command, List<string> failures)
    {
        foreach ((string report, string fields) in new[] { ("pvs", PvFields), ("vgs", VgFields), ("lvs", LvFields) })
        {
            string[] reportArgs = [report, "--reportformat", "json", "--units", "s", "-o", fields, .. report == "lvs" ? new[] { "-a" } : []];
            var a = ReportNormalizer.Rows(lvm.Lvm(reportArgs).Out, lvm.Devices);
            var ourReport = Ours(ourSys, reportArgs);
            var b = ReportNormalizer.Rows(ourReport.Code == 0 ? ourReport.Out : string.Empty, ourImages);
            if (!a.SequenceEqual(b))
            {
                // Only the rows that differ, so a long report stays readable.
                failures.Add($"after '{command}', {report}:\n  lvm:  {string.Join("\n        ", a.Except(b))}\n  ours: {string.Join("\n        ", b.Except(a))}");
            }
        }
    }

    internal static string Image(TempDir dir, string name)
    {
        string path = dir.File(name);
        using var f = new FileStream(path, FileMode.Create);
        f.SetLength(64L << 20);
        return path;
    }

    internal static string[] Expand(string command, IReadOnlyList<string> devices, string files)
    {
        string text = command.Replace("{dir}", files, StringComparison.Ordinal);
        for (int i = 0; i < devices.Count; i++)
        {
            text = text.Replace("{pv" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", devices[i], StringComparison.Ordinal);
        }
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    internal static (int Code, string Out, string Err) Ours(string systemDir, string[] args)
    {
        string? old = Environment.GetEnvironmentVariable("LVM_SYSTEM_DIR");
        Environment.SetEnvironmentVariable("LVM_SYSTEM_DIR", systemDir);
        try
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code = CliApp.Run(args, o, e);
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("LVM_SYSTEM_DIR", old);
        }
    }
}
