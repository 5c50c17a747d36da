using System.Text.RegularExpressions;
using SharpLvm.Activation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Tests.KernelLab;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;
using SharpLvm.TestSupport;
using Xunit.Abstractions;

namespace SharpLvm.Interop.Tests.SideBySide;

/// <summary>
/// Partial activation compared with real LVM2 in the kernel lab: LVM2 makes a VG on four disks (a linear LV, one on the
/// disk that goes, a striped and a mirror LV with an area on it), hides that disk with a filter and runs
/// <c>vgchange -ay</c> (refused for the partial LVs, exit 5) and <c>vgchange -ay --activationmode partial</c>, printing
/// its tables. Then we activate the same images (the hidden one left out) in our engine, partial mode, and the
/// tables must be the same, device numbers replaced by names (vdX, dm names).
/// </summary>
public sealed partial class PartialActivationKernelLabTests(ITestOutputHelper log)
{
    private const string Guest = """
        echo kernel-lab-ready
        lvm pvcreate -q /dev/vda /dev/vdb /dev/vdc /dev/vdd >/dev/null 2>&1
        lvm vgcreate -q vg /dev/vda /dev/vdb /dev/vdc /dev/vdd >/dev/null 2>&1
        lvm lvcreate -q -an -Zn -L 8M -n lin vg /dev/vda >/dev/null 2>&1
        lvm lvcreate -q -an -Zn -L 8M -n gone vg /dev/vdb >/dev/null 2>&1
        lvm lvcreate -q -an -Zn -i 2 -L 8M -n str vg /dev/vdb /dev/vdc >/dev/null 2>&1
        lvm lvcreate -q -an --type mirror -m1 -L 8M -n mir vg /dev/vdc /dev/vdb /dev/vdd >/dev/null 2>&1
        F='devices { global_filter = [ "r|^/dev/vdb$|", "a|.*|" ] }'
        lvm vgchange -ay vg --config "$F" >/dev/null 2>&1; echo "refused-rc $?"
        lvm vgchange -an vg --config "$F" >/dev/null 2>&1
        lvm vgchange -ay --activationmode partial vg --config "$F" >/dev/null 2>&1; echo "partial-rc $?"
        for d in /sys/block/vd*; do echo "dev $(cat $d/dev) ${d##*/}"; done
        dmsetup info -c --noheadings --separator ' ' -o major,minor,name | while read ma mi n; do echo "dev $ma:$mi $n"; done
        dmsetup table | sed 's/^/table /'
        lvm vgchange -an vg --config "$F" >/dev/null 2>&1
        """;

    [SkippableFact]
    public void Partial_activation_tables_agree_with_lvm2()
    {
        string? why = KernelLabRunner.WhyNot();
        Skip.If(why is not null, why);
        using var dir = new TempDir();
        string[] disks = [.. Enumerable.Range(0, 4).Select(i => dir.File($"vd{(char)('a' + i)}.img"))];
        foreach (string disk in disks)
        {
            using var f = new FileStream(disk, FileMode.Create);
            f.SetLength(64L << 20);
        }
        LabResult lab = KernelLabRunner.Run(disks, Guest, dir.Path);
        Skip.IfNot(lab.GuestRan, "kernel-lab could not boot its guest here: " + lab.Errors);
        log.WriteLine(lab.Output);
        Assert.Equal("5", lab.Value("refused-rc"));
        Assert.Equal("0", lab.Value("partial-rc"));
        var names = lab.Lines.Where(l => l.StartsWith("dev ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .ToDictionary(p => p[1], p => p[2], StringComparer.Ordinal);
        var theirs = lab.Lines.Where(l => l.StartsWith("table ", StringComparison.Ordinal))
            .Select(l => Normalize(l["table ".Length..].TrimEnd(), names)).Order(StringComparer.Ordinal).ToList();

        // Ours: the same images, vdb left out.
        string[] present = [disks[0], disks[2], disks[3]];
        using var host = new InProcessDeviceHost();
        Directory.CreateDirectory(dir.File("sys"));
        var ctx = SystemContext.Create(dir.File("sys"), present, null, "vgchange -ay --activationmode partial vg");
        LvActivation.ChangeVg(ctx, VgName.Parse("vg"), activate: true, host, new LvOutput(), new ActivationOptions { PartialActivation = true });
        var ourNames = host.List().ToDictionary(d => d.Number.ToString(), d => d.Name.Value, StringComparer.Ordinal);
        foreach (string disk in present)
        {
            ourNames[host.Attach(disk).ToString()] = Path.GetFileNameWithoutExtension(disk);
        }
        var ours = host.List().SelectMany(d => (host.GetTable(d.Name)?.Lines ?? []).Select(l => $"{d.Name}: {l}"))
            .Select(l => Normalize(l.TrimEnd(), ourNames)).Order(StringComparer.Ordinal).ToList();
        log.WriteLine("ours:\n" + string.Join('\n', ours));
        Assert.Equal(theirs, ours);
    }

    private static string Normalize(string line, IReadOnlyDictionary<string, string> names) =>
        DevNumber().Replace(line, m => names.TryGetValue(m.Value, out string? n) ? n : m.Value);

    [GeneratedRegex(@"\b\d+:\d+\b")]
    private static partial Regex DevNumber();
}
