using SharpLvm.TestSupport;
using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Tests.Archive;

public sealed class ArchiveTests
{
    private static SystemContext Context(string dir, params string[] config) => new()
    {
        SystemDir = dir,
        Devices = [],
        CommandLine = "vgchange --addtag t vg0",
        Config = LvmConfig.FromStrings(config),
    };

    private static VolumeGroup Vg(ulong seqno) => new(VgName.Parse("vg0"), LvmUuid.NewRandom())
    {
        Seqno = seqno,
        ExtentSize = new DeviceMapper.Units.Sectors(8192),
    };

    [Fact]
    public void Archives_are_numbered_and_carry_lvm2s_description()
    {
        using var dir = new TempDir();
        var ctx = Context(dir.Path);
        string first = VgArchiver.Archive(ctx, Vg(1))!;
        string second = VgArchiver.Archive(ctx, Vg(2))!;
        Assert.Matches(@"/archive/vg0_00000-[0-9]+\.vg$", first);
        Assert.Matches(@"/archive/vg0_00001-[0-9]+\.vg$", second);
        VgTextDocument doc = VgText.ParseDocument(File.ReadAllText(second));
        Assert.Equal("Created *before* executing 'vgchange --addtag t vg0'", doc.Description);
        Assert.Equal(2UL, doc.Vg.Seqno);
        string backup = VgArchiver.Backup(ctx, Vg(3))!;
        Assert.EndsWith("/backup/vg0", backup, StringComparison.Ordinal);
        Assert.Equal("Created *after* executing 'vgchange --addtag t vg0'", VgText.ParseDocument(File.ReadAllText(backup)).Description);
    }

    [Fact]
    public void Retention_keeps_retain_min_and_drops_only_old_files_beyond_it()
    {
        using var dir = new TempDir();
        var ctx = Context(dir.Path, "backup { retain_min = 3 retain_days = 1 }");
        var paths = Enumerable.Range(0, 5).Select(i => VgArchiver.Archive(ctx, Vg((ulong)i))!).ToList();
        Assert.Equal(5, ArchiveFile.List(Path.Combine(dir.Path, "archive"), "vg0").Count); // all recent
        foreach (string p in paths.Take(4))
        {
            File.SetLastWriteTimeUtc(p, DateTime.UtcNow.AddDays(-3));
        }
        VgArchiver.Archive(ctx, Vg(9));
        var left = ArchiveFile.List(Path.Combine(dir.Path, "archive"), "vg0");
        Assert.Equal([3u, 4u, 5u], left.Select(a => a.Index));
    }

    [Fact]
    public void Config_switches_archives_off_and_moves_directories()
    {
        using var dir = new TempDir();
        string other = Path.Combine(dir.Path, "elsewhere");
        var ctx = Context(dir.Path, $"backup {{ archive = 0 backup_dir = \"{other}\" }}");
        Assert.Null(VgArchiver.Archive(ctx, Vg(1)));
        Assert.Equal(Path.Combine(other, "vg0"), VgArchiver.Backup(ctx, Vg(1)));
        Assert.Equal(10, LvmConfig.FromStrings("backup/retain_min = 10").GetInt("backup/retain_min", 0));
    }

    [Fact]
    public void The_lvm_conf_file_is_read_and_config_strings_win()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "lvm.conf"), "backup {\n retain_min = 4\n retain_days = 7\n}\n");
        LvmConfig config = LvmConfig.Load(dir.Path, ["backup { retain_days = 2 }"]);
        Assert.Equal(4, config.GetInt("backup/retain_min", 10));
        Assert.Equal(2, config.GetInt("backup/retain_days", 30));
        Assert.True(config.GetBool("backup/archive", true));
    }
}
