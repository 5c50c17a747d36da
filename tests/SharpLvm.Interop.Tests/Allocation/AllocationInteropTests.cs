using System.Text.Json;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Allocation;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationInteropCollection
{
    public const string Name = "allocation interop (sets LVM_SYSTEM_DIR)";
}

/// <summary>
/// The same LV commands run by real LVM2 on loop devices and by sharplvm on image files of the same size;
/// <c>lvs -a -o lv_name,seg_pe_ranges,devices</c> must agree (devices compared by their position). Needs root.
/// </summary>
[Collection(AllocationInteropCollection.Name)]
public sealed class AllocationInteropTests
{
    private static readonly string[][] LinearAndStriped =
    [
        ["lvcreate", "-an", "-Zn", "-L", "10m", "-n", "a", "vx"],
        ["lvcreate", "-an", "-Zn", "-l", "3", "-n", "b", "vx"],
        ["lvcreate", "-an", "-Zn", "-l", "3", "-n", "c", "vx"],
        ["lvremove", "-f", "vx/b"],
        ["lvcreate", "-an", "-Zn", "-l", "2", "-n", "d", "vx"],
        ["lvcreate", "-an", "-Zn", "-i", "2", "-l", "5", "-n", "s", "vx"],
        ["lvextend", "-l", "+2", "vx/a"],
        ["lvextend", "-l", "+3", "vx/s"],
        ["lvcreate", "-an", "-Zn", "-l", "2", "-n", "r", "vx", "@3:14", "@2:13-14"],
        ["lvcreate", "-an", "-Zn", "-l", "100%FREE", "vx"],
    ];

    private static readonly string[][] Mirrors =
    [
        ["lvcreate", "-an", "-Zn", "-l", "2", "-n", "pad", "vx"],
        ["lvcreate", "-an", "-Zn", "-l", "4", "-n", "m", "vx"],
        ["lvconvert", "-y", "--type", "mirror", "-m1", "vx/m"],
        ["lvcreate", "-an", "-Zn", "-l", "4", "-n", "c", "vx"],
        ["lvconvert", "-y", "--type", "mirror", "-m1", "--mirrorlog", "core", "vx/c"],
        ["lvextend", "-l", "+1", "vx/c"],
        ["lvconvert", "-y", "-m+1", "vx/m"],
        ["lvcreate", "-an", "-Zn", "-l", "4", "-n", "n", "vx"],
        ["lvconvert", "-y", "--type", "mirror", "-m2", "vx/n"],
        ["lvconvert", "-y", "-m-1", "vx/n"],
        ["lvconvert", "-y", "-m0", "vx/n"],
    ];

    [SkippableFact]
    public void Linear_and_striped_placement_matches_lvm2() => Compare(4, LinearAndStriped);

    [SkippableFact]
    public void Mirror_placement_and_layers_match_lvm2() => Compare(4, Mirrors);

    private static void Compare(int pvCount, string[][] commands)
    {
        string? why = Lvm.WhyNot();
        Skip.If(why is not null, why);
        using var dir = new TempDir();
        var ours = new List<string>();
        var theirs = new List<string>();
        var loops = new List<LoopDevice>();
        string? oldSystemDir = Environment.GetEnvironmentVariable("LVM_SYSTEM_DIR");
        try
        {
            for (int i = 0; i < pvCount; i++)
            {
                ours.Add(MakeImage(dir.File($"ours{i}.img")));
                loops.Add(LoopDevice.Attach(MakeImage(dir.File($"theirs{i}.img"))));
                theirs.Add(loops[^1].Path);
            }
            using var lvm = new Lvm(theirs);
            Directory.CreateDirectory(dir.File("sys"));
            Environment.SetEnvironmentVariable("LVM_SYSTEM_DIR", dir.File("sys"));
            string devices = string.Join(',', ours);
            Ours(["pvcreate", "--devices", devices, .. ours]);
            Ours(["vgcreate", "--devices", devices, "vx", .. ours]);
            lvm.Run(["pvcreate", "-q", .. theirs]);
            lvm.Run(["vgcreate", "-q", "vx", .. theirs]);
            foreach (string[] command in commands)
            {
                Ours([command[0], "--devices", devices, .. command[1..].Select(a => Device(a, ours))]);
                lvm.Run([command[0], .. command[1..].Select(a => Device(a, theirs))]);
            }
            string[] report = ["lvs", "-a", "-o", "lv_name,seg_pe_ranges,devices", "--reportformat", "json", "vx"];
            string mine = Normalize(Ours([report[0], "--devices", devices, .. report[1..]]), ours);
            string real = Normalize(lvm.Run(report), theirs);
            Assert.Equal(real, mine);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LVM_SYSTEM_DIR", oldSystemDir);
            loops.ForEach(l => l.Dispose());
        }
    }

    private static string MakeImage(string path)
    {
        using (var f = new FileStream(path, FileMode.Create))
        {
            f.SetLength(64L * 1024 * 1024);
        }
        return path;
    }

    /// <summary>"@N:range" stands for PV number N.</summary>
    private static string Device(string arg, List<string> devices) =>
        arg.StartsWith('@') ? devices[arg[1] - '0'] + arg[2..] : arg;

    private static string Ours(string[] args)
    {
        CliRunner.Result result = CliRunner.Run(args);
        Assert.True(result.ExitCode == 0, $"sharplvm {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>Rows sorted by name, devices replaced by "PV#n".</summary>
    private static string Normalize(string json, List<string> devices)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        var rows = new List<string>();
        foreach (JsonElement row in doc.RootElement.GetProperty("report")[0].GetProperty("lv").EnumerateArray())
        {
            string line = $"{row.GetProperty("lv_name").GetString()} {row.GetProperty("seg_pe_ranges").GetString()} {row.GetProperty("devices").GetString()}";
            for (int i = 0; i < devices.Count; i++)
            {
                line = line.Replace(devices[i], $"PV#{i}", StringComparison.Ordinal);
            }
            rows.Add(line);
        }
        rows.Sort(StringComparer.Ordinal);
        return string.Join('\n', rows);
    }
}
