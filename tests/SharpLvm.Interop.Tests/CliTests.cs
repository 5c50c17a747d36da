using SharpLvm.Format.Text;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests;

/// <summary>The sharplvm command line end to end, in-process: output shape, errors, exit codes, no side effects.</summary>
public sealed class CliTests
{
    [Fact]
    public void Lvs_prints_lvm2s_default_columns()
    {
        using var set = new FixtureCopy("twomda");

        CliRunner.Result r = CliRunner.Run("lvs", "--devices", set.DevicesArg);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("  LV   VG    Attr       LSize  Pool Origin Data%  Meta%  Move Log Cpy%Sync Convert", lines[0]);
        Assert.StartsWith("  a    vgtwo -wi-XX---- 20.00m", lines[1], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Json_units_s_and_noheadings_separator_work_from_the_command_line()
    {
        using var set = new FixtureCopy("vgsample");

        CliRunner.Result json = CliRunner.Run("vgs", "--devices", set.DevicesArg, "--reportformat", "json", "--units", "s", "-o", "vg_name,vg_size,vg_tags");
        CliRunner.Result plain = CliRunner.Run("vgs", "--devices", set.DevicesArg, "--noheadings", "--separator", ":", "--nosuffix", "--units", "m", "-o", "name,size,free");

        Assert.Contains("{\"vg_name\":\"vgsample\", \"vg_size\":\"368640S\", \"vg_tags\":\"lab\"}", json.Stdout, StringComparison.Ordinal);
        Assert.Equal("  vgsample:180.00:112.00\n", plain.Stdout);
    }

    [Fact]
    public void A_missing_device_is_one_line_on_stderr_and_exit_5()
    {
        CliRunner.Result r = CliRunner.Run("pvs", "--devices", "/nonexistent/pv0.img");

        Assert.Equal(5, r.ExitCode);
        Assert.Equal("", r.Stdout);
        string line = Assert.Single(r.StderrLines);
        Assert.StartsWith("  ", line, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/pv0.img", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_image_is_one_line_on_stderr_exit_5_and_left_untouched()
    {
        using var set = new FixtureCopy("vgsample");
        using (var stream = new FileStream(set.Images[0], FileMode.Open, FileAccess.Write))
        {
            stream.Position = 4096 + 8; // the mda header's magic
            stream.Write("garbage!"u8);
        }
        byte[][] before = set.Images.Select(File.ReadAllBytes).ToArray();

        foreach (string command in new[] { "lvs", "vgs", "pvs", "vgcfgbackup" })
        {
            string[] extra = command == "vgcfgbackup" ? ["-f", Path.Combine(set.Directory, "backup.txt")] : [];
            CliRunner.Result r = CliRunner.Run([command, "--devices", set.DevicesArg, .. extra]);

            Assert.Equal(5, r.ExitCode);
            Assert.Equal("", r.Stdout);
            Assert.Contains(set.Images[0], Assert.Single(r.StderrLines), StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(set.Directory, "backup.txt")));
        for (int i = 0; i < before.Length; i++)
        {
            Assert.True(before[i].AsSpan().SequenceEqual(File.ReadAllBytes(set.Images[i])), $"image {i} changed");
        }
    }

    [Theory]
    [InlineData("lvs", "--nosuchoption")]
    [InlineData("lvs", "--units", "x")]
    [InlineData("lvs", "-o", "nosuchfield")]
    [InlineData("nosuchcommand")]
    [InlineData("lvs", "--reportformat", "xml")]
    public void A_bad_command_line_is_exit_3_with_one_line(params string[] args)
    {
        using var set = new FixtureCopy("twomda");

        CliRunner.Result r = CliRunner.Run([.. args, "--devices", set.DevicesArg]);

        Assert.Equal(3, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Single(r.StderrLines);
    }

    [Fact]
    public void Vgcfgbackup_writes_the_backup_form_of_the_newest_metadata()
    {
        using var set = new FixtureCopy("vgsample");
        string file = Path.Combine(set.Directory, "vgsample.backup");

        CliRunner.Result r = CliRunner.Run("vgcfgbackup", "--devices", set.DevicesArg, "-f", file, "vgsample");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("  Volume group \"vgsample\" successfully backed up.\n", r.Stdout);
        var ours = VgText.Parse(File.ReadAllText(file));
        var lvm2 = VgText.Parse(File.ReadAllText(TestPaths.Lvm2Fixture("vgsample.vgcfgbackup.txt")));
        VgTextHeader header = VgTextHeader.ForThisHost("x", DateTimeOffset.FromUnixTimeSeconds(0)) with { TimeZone = TimeZoneInfo.Utc };
        Assert.Equal(VgText.WriteOnDiskText(lvm2, header), VgText.WriteOnDiskText(ours, header));
    }

    [Theory]
    [InlineData("vgsample.pv0", "headers")]
    [InlineData("twomda.pv0", "headers")]
    [InlineData("vgsample.pv1", "metadata_all")]
    [InlineData("wrapped.pv0", "metadata_all")]
    public void Pvck_dump_equals_lvm2s(string image, string dump)
    {
        using var dir = new TempDir();
        string path = TestPaths.UnzstdToTempFile(TestPaths.Lvm2Fixture(image + ".img.zst"), dir.Path);
        string expected = File.ReadAllText(TestPaths.Lvm2Fixture($"{image}.pvck-{dump}.txt"))
            .Replace("  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n", "", StringComparison.Ordinal);

        CliRunner.Result r = CliRunner.Run("pvck", "--dump", dump, path);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Stdout);
    }
}

public sealed class CliSelectionTests
{
    [Fact]
    public void Lvs_with_vg_slash_lv_shows_only_that_lv()
    {
        using var set = new FixtureCopy("vgsample");

        CliRunner.Result r = CliRunner.Run("lvs", "--devices", set.DevicesArg, "--noheadings", "-o", "lv_name", "vgsample/str", "vgsample/lin");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("  lin\n  str\n", r.Stdout);
    }

    [Fact]
    public void An_unknown_vg_is_exit_5()
    {
        using var set = new FixtureCopy("twomda");

        CliRunner.Result r = CliRunner.Run("vgs", "--devices", set.DevicesArg, "nosuchvg");

        Assert.Equal(5, r.ExitCode);
        Assert.Contains("nosuchvg", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}
