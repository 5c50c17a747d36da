namespace SharpLvm.Tests.Reliability;

/// <summary>
/// One command to crash at every write: the commands that set the images up (run without faults), then the
/// command itself. "{a}", "{b}", "{c}" stand for the three images, "{dir}" for the test directory; every
/// command also gets <c>--devices</c> with the three images. <paramref name="Vg"/> is the VG to repair after a
/// crash (null when the command makes no VG).
/// </summary>
internal sealed record CrashScenario(string Name, string[][] Setup, string[] Command, string? Vg)
{
    public override string ToString() => Name;

    private static readonly string[] PvA = ["pvcreate", "--pvmetadatacopies", "2", "{a}"];
    private static readonly string[] PvBc = ["pvcreate", "{b}", "{c}"];
    private static readonly string[] Vg3 = ["vgcreate", "-s", "1m", "vg0", "{a}", "{b}", "{c}"];
    private static readonly string[] Lv1 = ["lvcreate", "-n", "lv1", "-l", "2", "vg0"];

    /// <summary>The commands issue 7 asks for, each from a typical state.</summary>
    public static IReadOnlyList<CrashScenario> All { get; } =
    [
        new("pvcreate", [], ["pvcreate", "--pvmetadatacopies", "2", "{a}"], null),
        new("vgcreate", [PvA, PvBc], Vg3, "vg0"),
        new("vgextend", [PvA, PvBc, ["vgcreate", "-s", "1m", "vg0", "{a}", "{b}"]], ["vgextend", "vg0", "{c}"], "vg0"),
        new("vgreduce", [PvA, PvBc, Vg3], ["vgreduce", "vg0", "{c}"], "vg0"),
        new("lvcreate", [PvA, PvBc, Vg3], Lv1, "vg0"),
        new("lvextend", [PvA, PvBc, Vg3, Lv1], ["lvextend", "-l", "+3", "vg0/lv1"], "vg0"),
        new("lvremove", [PvA, PvBc, Vg3, Lv1], ["lvremove", "-f", "vg0/lv1"], "vg0"),
        new("lvconvert", [PvA, PvBc, Vg3, Lv1], ["lvconvert", "-y", "--type", "mirror", "-m1", "vg0/lv1"], "vg0"),
        new("vgcfgrestore",
            [PvA, PvBc, Vg3, Lv1, ["cp", "{dir}/sys/backup/vg0", "{dir}/saved.vg"], ["lvremove", "-f", "vg0/lv1"]],
            ["vgcfgrestore", "-f", "{dir}/saved.vg", "vg0"], "vg0"),
    ];
}
