using SharpLvm.Format.Text;
using SharpLvm.Metadata;

namespace SharpLvm.Interop.Tests;

/// <summary>
/// Round trips through real LVM2 on loop devices: what we commit, LVM2 accepts (vgck) and reports the same;
/// what LVM2 changes (lvcreate, lvextend, lvremove), we read back and report as LVM2 does. Needs root.
/// </summary>
public sealed class LvmRoundTripTests
{
    private const string LvFields = "lv_name,lv_uuid,lv_attr,lv_size,segtype,seg_start_pe,seg_size_pe,stripes,stripe_size,region_size,mirror_log,devices,seg_pe_ranges,lv_tags,convert_lv";
    private const string VgFields = "vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,pv_count,lv_count,vg_seqno,vg_mda_count,vg_mda_size,vg_mda_free,vg_tags";
    private const string PvFields = "pv_name,pv_uuid,pv_size,dev_size,pe_start,pv_pe_count,pv_pe_alloc_count,pv_mda_count,pv_mda_size,pv_mda_free,pv_attr,vg_name";

    private static VgTextHeader Header(string what) => VgTextHeader.ForThisHost("Write from sharplvm interop test " + what + ".");

    private sealed class Attached : IDisposable
    {
        public Attached(string set)
        {
            Fixture = new FixtureCopy(set);
            foreach (string image in Fixture.Images)
            {
                Loops.Add(LoopDevice.Attach(image));
            }
            Lvm = new Lvm(Loops.Select(l => l.Path));
        }

        public FixtureCopy Fixture { get; }

        public List<LoopDevice> Loops { get; } = [];

        public Lvm Lvm { get; }

        public List<string> Devices => Loops.Select(l => l.Path).ToList();

        public string DevicesArg => string.Join(',', Devices);

        public void Dispose()
        {
            Lvm.Dispose();
            foreach (LoopDevice loop in Loops)
            {
                loop.Dispose();
            }
            Fixture.Dispose();
        }
    }

    private static string Ours(Attached a, string command, string fields)
    {
        string[] all = command == "lvs" ? ["-a"] : [];
        CliRunner.Result r = CliRunner.Run([command, "--devices", a.DevicesArg, "--reportformat", "json", "--units", "s", "-o", fields, .. all]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout;
    }

    private static string Theirs(Attached a, string command, string fields)
    {
        string[] all = command == "lvs" ? ["-a"] : [];
        return a.Lvm.Run([command, "--reportformat", "json", "--units", "s", "-o", fields, .. all]);
    }

    private static void AssertSameReports(Attached a, string step)
    {
        foreach ((string command, string fields) in new[] { ("lvs", LvFields), ("vgs", VgFields), ("pvs", PvFields) })
        {
            string theirs = Theirs(a, command, fields);
            string ours = Ours(a, command, fields);
            Assert.True(theirs == ours, $"{step}: {command} differs\nLVM2:\n{theirs}\nours:\n{ours}");
        }
    }

    [SkippableTheory]
    [InlineData("vgsample", "vgsample")]
    [InlineData("twomda", "vgtwo")]
    [InlineData("wrapped", "vgwrap")]
    public void Lvm2_accepts_our_commit_and_we_read_its_changes(string set, string vg)
    {
        string? why = Lvm.WhyNot();
        Skip.If(why is not null, why);
        using var a = new Attached(set);
        AssertSameReports(a, "as found");

        CommitOursAndCheck(a, vg, "add tag", v => v.Tags.Add("sharplvm"));

        a.Lvm.Run("lvcreate", "-an", "-Zn", "-y", "-l", "2", "-n", "fromlvm", vg);
        AssertSameReports(a, "after lvcreate");
        a.Lvm.Run("lvextend", "-l", "+1", vg + "/fromlvm");
        AssertSameReports(a, "after lvextend");
        a.Lvm.Run("lvremove", "-y", vg + "/fromlvm");
        AssertSameReports(a, "after lvremove");

        CommitOursAndCheck(a, vg, "remove tag", v => v.Tags.Remove("sharplvm"));
    }

    // Our commit, then LVM2's own check and reports must agree with ours.
    private static void CommitOursAndCheck(Attached a, string vg, string what, Action<SharpLvm.Model.VolumeGroup> change)
    {
        using (VgWriteSession session = VgWriteSession.Open(a.Devices, vg))
        {
            change(session.Vg);
            session.Commit(Header(what));
        }
        a.Lvm.Run("vgck", vg);
        AssertSameReports(a, "after our commit: " + what);
    }

    [SkippableFact]
    public void Alternating_commits_wrap_the_ring_and_both_sides_agree_throughout()
    {
        string? why = Lvm.WhyNot();
        Skip.If(why is not null, why);
        using var a = new Attached("vgsample");
        for (int i = 0; i < 30; i++)
        {
            a.Lvm.Run("lvcreate", "-an", "-Zn", "-y", "-l", "1", "-n", "w" + i, "vgsample");
            using (VgWriteSession session = VgWriteSession.Open(a.Devices, "vgsample"))
            {
                // A long tag makes each copy bigger so the ring wraps within the loop.
                session.Vg.Tags.Add("t" + i + new string('x', 400));
                session.Commit(Header("wrap " + i));
            }
            a.Lvm.Run("vgck", "vgsample");
            if (i % 5 == 4)
            {
                AssertSameReports(a, "round " + i);
            }
            a.Lvm.Run("lvremove", "-y", "vgsample/w" + i);
        }
        AssertSameReports(a, "end");
    }
}
