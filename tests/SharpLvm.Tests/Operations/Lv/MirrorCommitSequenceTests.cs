using System.Text.RegularExpressions;

namespace SharpLvm.Tests.Operations.Lv;

/// <summary>
/// lvconvert's mirror changes commit as often as LVM2 2.03.16 does with activation off (counted from real LVM2's
/// metadata ring, <c>pvck --dump metadata_all</c>, on loop devices): every commit is a metadata copy in the ring with
/// its own seqno. The side-by-side interop test compares the same commands with real LVM2 when it is available.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed partial class MirrorCommitSequenceTests : IDisposable
{
    private readonly CliHarness _h = new();
    private readonly string[] _images;
    private readonly string _devices;

    public MirrorCommitSequenceTests()
    {
        _images = [.. Enumerable.Range(0, 4).Select(i => _h.Image($"pv{i}.img", 64))];
        _devices = string.Join(',', _images);
        _h.Ok(["pvcreate", "--devices", _devices, .. _images]);
        _h.Ok(["vgcreate", "--devices", _devices, "vx", .. _images]);
    }

    public void Dispose() => _h.Dispose();

    private (int Code, string Err) Run(params string[] args)
    {
        var (code, _, err) = _h.Run([args[0], "--devices", _devices, .. args[1..]]);
        return (code, err);
    }

    private ulong Seqno() => ulong.Parse(_h.Ok("vgs", "--devices", _devices, "--noheadings", "-o", "vg_seqno", "vx").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The seqnos of every metadata copy in pv0's ring.</summary>
    private List<ulong> Ring() =>
        [.. SeqnoInDump().Matches(_h.Ok("pvck", "--dump", "metadata_all", _images[0])).Select(m => ulong.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private ulong Commits(int expectedCode, params string[] args)
    {
        ulong before = Seqno();
        var (code, err) = Run(args);
        Assert.True(code == expectedCode, $"{string.Join(' ', args)}: exit {code}: {err}");
        ulong after = Seqno();
        // Each commit is its own copy in the ring.
        Assert.All(Enumerable.Range(1, (int)(after - before)), i => Assert.Contains(before + (ulong)i, Ring()));
        return after - before;
    }

    [Fact]
    public void Conversions_commit_as_often_as_lvm2()
    {
        Run("lvcreate", "-an", "-Zn", "-l", "2", "-n", "m", "vx", _images[0]);
        Run("lvcreate", "-an", "-Zn", "-l", "2", "-n", "c", "vx", _images[0]);
        Assert.Equal(2UL, Commits(0, "lvconvert", "--type", "mirror", "-m1", "vx/m"));
        Assert.Equal(0UL, Commits(0, "lvconvert", "--type", "mirror", "-m1", "vx/m"));
        Assert.Equal(1UL, Commits(0, "lvconvert", "--type", "mirror", "-m1", "--mirrorlog", "core", "vx/c"));
        Assert.Equal(1UL, Commits(0, "lvconvert", "-m+1", "vx/c"));
        Assert.Equal(3UL, Commits(0, "lvconvert", "-m-1", "vx/c"));
        Assert.Equal(2UL, Commits(0, "lvconvert", "--mirrorlog", "disk", "vx/c"));
        Assert.Equal(0UL, Commits(5, "lvconvert", "--mirrorlog", "core", "vx/c"));
        Assert.Equal(3UL, Commits(0, "lvconvert", "-y", "--mirrorlog", "core", "vx/c"));
        Assert.Equal(1UL, Commits(0, "lvconvert", "-m+1", "vx/m"));
        Assert.Equal(0UL, Commits(5, "lvconvert", "-m+1", "vx/m"));
        Assert.Equal(4UL, Commits(0, "lvconvert", "-m-1", "vx/m"));
        Assert.Equal(4UL, Commits(0, "lvconvert", "-m0", "vx/c"));
        Assert.Equal(1UL, Commits(0, "lvconvert", "-m+1", "vx/m"));
        Assert.Equal(8UL, Commits(0, "lvconvert", "-m0", "vx/m"));
        Assert.Empty(_h.VgCk());
    }

    [Fact]
    public void Removing_legs_and_log_of_a_disk_log_mirror_takes_a_commit_each()
    {
        Run("lvcreate", "-an", "-Zn", "-l", "1", "-n", "n", "vx");
        Assert.Equal(2UL, Commits(0, "lvconvert", "--type", "mirror", "-m2", "vx/n"));
        // Reshape, the same again, then mimage_2, mimage_1, mimage_0 (the error layer) and the log one by one.
        Assert.Equal(6UL, Commits(0, "lvconvert", "-m-2", "vx/n"));
        string lvs = _h.Ok("lvs", "--devices", _devices, "-a", "--noheadings", "-o", "lv_name,segtype", "vx");
        Assert.Equal("n linear", string.Join(' ', lvs.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void A_leg_that_cannot_be_placed_under_a_disk_log_fails_after_committing_the_rolled_back_vg()
    {
        // Three PVs hold the two legs and the log; LVM2 keeps the new leg off all three, fails, and commits its roll-back.
        Run("lvcreate", "-an", "-Zn", "-l", "1", "-n", "m", "vx");
        Run("lvconvert", "--type", "mirror", "-m2", "vx/m");
        string before = _h.Ok("lvs", "--devices", _devices, "-a", "--noheadings", "-o", "lv_name,devices", "vx");
        Assert.Equal(1UL, Commits(5, "lvconvert", "-m+1", "vx/m"));
        Assert.Equal(before, _h.Ok("lvs", "--devices", _devices, "-a", "--noheadings", "-o", "lv_name,devices", "vx"));
    }

    [GeneratedRegex(@"seqno (\d+)")]
    private static partial Regex SeqnoInDump();
}
