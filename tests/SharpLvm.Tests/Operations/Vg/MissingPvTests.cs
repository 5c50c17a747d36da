using System.Text.Json;

namespace SharpLvm.Tests.Operations.Vg;

/// <summary>
/// A PV image removed from under a VG (the devices file still lists it): LVM2's warnings and attributes, the changes
/// refused and allowed, the MISSING flag written on the next change, vgreduce --removemissing with and without --force,
/// and the PV's return with vgextend --restoremissing.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class MissingPvTests
{
    private sealed class Setup : IDisposable
    {
        public Setup()
        {
            Pvs = [Cli.Image("pv0.img", 64), Cli.Image("pv1.img", 64), Cli.Image("pv2.img", 64)];
            Cli.Ok(["pvcreate", .. Pvs]);
            Cli.Ok(["vgcreate", "vg", .. Pvs]);
            Cli.Ok("lvcreate", "-an", "-Zn", "-n", "lin", "-L", "8m", "vg", Pvs[0]);
            Cli.Ok("lvcreate", "-an", "-Zn", "-n", "onmissing", "-L", "8m", "vg", Pvs[1]);
            Cli.Ok("lvcreate", "-an", "-Zn", "-n", "m2", "-L", "8m", "vg", Pvs[2]);
            Cli.Ok("lvconvert", "-y", "--type", "mirror", "-m1", "vg/m2", Pvs[2], Pvs[1], Pvs[0]);
        }

        public CliHarness Cli { get; } = new();

        public string[] Pvs { get; }

        public void Detach() => File.Move(Pvs[1], Pvs[1] + ".away");

        public void Attach() => File.Move(Pvs[1] + ".away", Pvs[1]);

        public ulong Seqno() => ulong.Parse(Field("vgs", "vg_seqno").Single(), System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>One field of a report, per row, from its JSON form (-a for lvs).</summary>
        public List<string> Field(string report, string field)
        {
            string json = Cli.Ok([report, "--reportformat", "json", "-o", field, .. report == "lvs" ? new[] { "-a" } : []]);
            using var doc = JsonDocument.Parse(json);
            return [.. doc.RootElement.GetProperty("report")[0].EnumerateObject().First().Value.EnumerateArray()
                .Select(r => r.GetProperty(field).GetString() ?? "")];
        }

        public string Metadata()
        {
            string file = Path.Combine(Cli.SystemDir, "vg.backup");
            Cli.Ok("vgcfgbackup", "-f", file, "vg");
            return File.ReadAllText(file);
        }

        public void Dispose() => Cli.Dispose();
    }

    [Fact]
    public void Reports_warn_and_mark_the_missing_pv_and_its_lvs_as_lvm2_does()
    {
        using var s = new Setup();
        s.Detach();
        var (code, _, err) = s.Cli.Run("vgs");
        Assert.Equal(0, code);
        Assert.Matches(@"WARNING: Couldn't find device with uuid \S+\.", err);
        Assert.Contains($"(last written to {s.Pvs[1]}).", err, StringComparison.Ordinal);
        Assert.Equal(["wz-pn-"], s.Field("vgs", "vg_attr"));
        Assert.Contains("[unknown]", s.Field("pvs", "pv_name"));
        Assert.Contains("a-m", s.Field("pvs", "pv_attr"));
        var attrs = s.Field("lvs", "lv_attr");
        Assert.Equal(['-', '-', '-', 'p', 'p', 'p'], [.. attrs.Select(a => a[8]).Order()]);
    }

    [Fact]
    public void Changes_are_refused_except_those_lvm2_allows_and_the_next_write_flags_the_pv_missing()
    {
        using var s = new Setup();
        ulong before = s.Seqno();
        s.Detach();
        var (code, _, err) = s.Cli.Run("lvcreate", "-an", "-Zn", "-n", "new", "-L", "4m", "vg");
        Assert.Equal(5, code);
        Assert.Contains("Cannot change VG vg while PVs are missing.", err, StringComparison.Ordinal);
        Assert.Equal(before, s.Seqno());

        s.Cli.Ok("lvchange", "--addtag", "t", "vg/lin");
        Assert.Equal(before + 1, s.Seqno());
        string text = s.Metadata();
        Assert.Contains("flags = [\"MISSING\"]", text, StringComparison.Ordinal);
        Assert.Contains("device = \"[unknown]\"", text, StringComparison.Ordinal);

        // Back, but still flagged: the VG stays partial until vgextend --restoremissing.
        s.Attach();
        Assert.Equal(["wz-pn-"], s.Field("vgs", "vg_attr"));
        Assert.Equal(5, s.Cli.Run("lvcreate", "-an", "-Zn", "-n", "new", "-L", "4m", "vg").Code);
        s.Cli.Ok("vgextend", "--restoremissing", "vg", s.Pvs[1]);
        Assert.Equal(before + 2, s.Seqno());
        Assert.Equal(["wz--n-"], s.Field("vgs", "vg_attr"));
        Assert.DoesNotContain("MISSING", s.Metadata(), StringComparison.Ordinal);
        Assert.Equal(5, s.Cli.Run("vgextend", "--restoremissing", "vg", s.Pvs[1]).Code);
        s.Cli.Ok("lvcreate", "-an", "-Zn", "-n", "new", "-L", "4m", "vg");
    }

    [Fact]
    public void Removemissing_without_force_fails_but_writes_once_and_with_force_repairs_the_mirror_and_removes_the_rest()
    {
        using var s = new Setup();
        ulong before = s.Seqno();
        s.Detach();
        var test = s.Cli.Run("vgreduce", "--removemissing", "--test", "vg");
        Assert.Equal(5, test.Code);
        Assert.Contains("TEST MODE", test.Err, StringComparison.Ordinal);
        Assert.Equal(before, s.Seqno());

        var plain = s.Cli.Run("vgreduce", "--removemissing", "vg");
        Assert.Equal(5, plain.Code);
        Assert.Contains("WARNING: Partial LV onmissing needs to be repaired or removed.", plain.Err, StringComparison.Ordinal);
        Assert.Equal(before + 1, s.Seqno());

        string output = s.Cli.Ok("vgreduce", "--removemissing", "--force", "vg");
        Assert.Contains("Logical volume \"onmissing\" successfully removed.", output, StringComparison.Ordinal);
        Assert.Contains("Wrote out consistent volume group vg.", output, StringComparison.Ordinal);
        // LVM2's commits: the removal of onmissing, five for the 2-leg mirror becoming linear, the final write.
        Assert.Equal(before + 1 + 7, s.Seqno());
        Assert.Equal(["lin", "m2"], s.Field("lvs", "lv_name").Order());
        Assert.Equal(["linear", "linear"], s.Field("lvs", "segtype"));
        Assert.Equal(2, s.Field("pvs", "pv_name").Count);
        Assert.Equal(["wz--n-"], s.Field("vgs", "vg_attr"));
        Assert.Contains("already consistent", s.Cli.Ok("vgreduce", "--removemissing", "vg"), StringComparison.Ordinal);
    }
}
