using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.Tests.Operations;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Activation;

/// <summary>The activation commands through the CLI: without a daemon they say how to start one; with one (in process here) they work.</summary>
[Collection(SystemDirCollection.Name)]
public sealed class ActivationCliTests
{
    [Fact]
    public void WithoutADaemonActivationExits5WithOneLineNamingTheDaemon()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = [cli.Image("a.img", 32)];
        cli.Ok(["pvcreate", .. images]);
        cli.Ok(["vgcreate", "vg", .. images]);
        cli.Ok("lvcreate", "-L", "8M", "-n", "lv", "vg");
        WithRunDir(run.Path, () =>
        {
            string error = cli.Fails(5, images, "lvchange", "-ay", "vg/lv");
            Assert.Contains("sharplvm daemon --background", error, StringComparison.Ordinal);
            error = cli.Fails(5, images, "vgchange", "-an", "vg");
            Assert.Contains("sharplvm daemon --background", error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void WithADaemonTheCommandsActivateConvertLiveAndDeactivate()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = NewVg(cli, 4);
        cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "lvol0", "vg");
        using var host = new InProcessDeviceHost();
        using var server = new ControlServer(host);
        server.Start(Path.Combine(run.Path, "control.sock"));
        WithRunDir(run.Path, () =>
        {
            var (code, output, error) = cli.Run("vgchange", "-ay", "-v", "vg");
            Assert.True(code == 0, error);
            Assert.Contains("1 logical volume(s) in volume group \"vg\" now active", output, StringComparison.Ordinal);
            Assert.Contains("Loading table for vg-lvol0 (", error, StringComparison.Ordinal);
            Assert.True(host.WaitForSync(DmName.Parse("vg-lvol0"), TimeSpan.FromMinutes(1)));

            (code, output, error) = cli.Run("lvconvert", "-m+1", "-vvvv", "vg/lvol0");
            Assert.True(code == 0, error);
            Assert.Contains("Logical volume vg/lvol0 converted.", output, StringComparison.Ordinal);
            Assert.Contains("Loading table for vg-lvol0_mimagetmp_2 (", error, StringComparison.Ordinal);
            Assert.Contains("Adding target to (", error, StringComparison.Ordinal);
            Assert.StartsWith("0 16384 mirror disk 2 ", host.GetTable(DmName.Parse("vg-lvol0"))!.ToString(), StringComparison.Ordinal);
            Assert.Contains(" 3 ", host.GetTable(DmName.Parse("vg-lvol0"))!.ToString(), StringComparison.Ordinal);

            (code, output, error) = cli.Run("lvs", "--noheadings", "-o", "lv_name,copy_percent", "vg");
            Assert.True(code == 0, error);
            Assert.Equal(["lvol0", "100.00"], output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

            (code, _, error) = cli.Run("lvextend", "-L", "+4M", "vg/lvol0");
            Assert.True(code == 0, error);
            Assert.StartsWith("0 24576 mirror", host.GetTable(DmName.Parse("vg-lvol0"))!.ToString(), StringComparison.Ordinal);

            Assert.Equal(5, cli.Run("lvremove", "vg/lvol0").Code);
            (code, _, error) = cli.Run("lvchange", "-an", "vg/lvol0");
            Assert.True(code == 0, error);
            Assert.Empty(host.List());
        });
    }

    [Fact]
    public void WithADaemonLvcreateActivatesAndLiveCommandsTakePvArguments()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = NewVg(cli, 4);
        using var host = new InProcessDeviceHost();
        using var server = new ControlServer(host);
        server.Start(Path.Combine(run.Path, "control.sock"));
        WithRunDir(run.Path, () =>
        {
            // lvcreate activates by default, -an leaves the LV inactive.
            cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "m", "vg", images[0], images[1], images[2]);
            Assert.NotNull(host.TryGetInfo(DmName.Parse("vg-m")));
            cli.Ok("lvcreate", "-an", "-L", "4M", "-n", "off", "vg");
            Assert.Null(host.TryGetInfo(DmName.Parse("vg-off")));
            Assert.True(host.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(1)));

            // A PV list on a live conversion and a live extend: the new leg lands on the named PV.
            var (code, _, error) = cli.Run("lvconvert", "-m+1", "vg/m", images[3]);
            Assert.True(code == 0, error);
            string legs = cli.Ok("lvs", "-a", "--noheadings", "-o", "lv_name,devices", "vg");
            Assert.Contains(images[3], legs, StringComparison.Ordinal);
            (code, _, error) = cli.Run("lvextend", "-L", "+4M", "vg/off", images[3]);
            Assert.True(code == 0, error);
            Assert.Contains(images[3], cli.Ok("lvs", "--noheadings", "-o", "devices", "vg/off"), StringComparison.Ordinal);
            (code, _, error) = cli.Run("vgchange", "-an", "vg");
            Assert.True(code == 0, error);
            Assert.Empty(host.List());
        });
    }

    [Fact]
    public void WithADaemonLvsShowsTheStateLettersAndLvActiveFromTheDevices()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = NewVg(cli, 3);
        cli.Ok("lvcreate", "-an", "-L", "4M", "-n", "off", "vg");
        // Without a daemon the state is unknown, as LVM2 shows it when it cannot ask the kernel.
        WithRunDir(run.Path, () => Assert.Equal("-wi-XX----|unknown", Attr(cli, "vg/off")));
        using var host = new InProcessDeviceHost();
        using var server = new ControlServer(host);
        server.Start(Path.Combine(run.Path, "control.sock"));
        WithRunDir(run.Path, () =>
        {
            cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "m", "vg");
            Assert.Equal("-wi-------|", Attr(cli, "vg/off"));
            Assert.Equal("mwi-a-m---|active", Attr(cli, "vg/m"));
            // The legs and the log are open: the mirror's table holds them, as in the kernel.
            string hidden = cli.Ok("lvs", "-a", "--noheadings", "--separator", "|", "-o", "lv_name,lv_attr", "vg").Replace(" ", "", StringComparison.Ordinal);
            Assert.Contains("[m_mimage_0]|", hidden, StringComparison.Ordinal);
            Assert.True(host.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(1)));
            hidden = cli.Ok("lvs", "-a", "--noheadings", "--separator", "|", "-o", "lv_name,lv_attr", "vg").Replace(" ", "", StringComparison.Ordinal);
            // In sync, an image is 'i' (LVM2's lv_mirror_image_in_sync); both legs and the log are open.
            Assert.Contains("[m_mimage_0]|iwi-ao", hidden, StringComparison.Ordinal);
            Assert.Contains("[m_mimage_1]|iwi-ao", hidden, StringComparison.Ordinal);
            Assert.Contains("[m_mlog]|lwi-ao", hidden, StringComparison.Ordinal);
            using (host.Engine.Open(DmName.Parse("vg-m")))
            {
                Assert.Equal("mwi-aom---|active", Attr(cli, "vg/m"));
            }
            string display = cli.Ok("lvdisplay", "vg/m");
            var number = host.TryGetInfo(DmName.Parse("vg-m"))!.Number;
            Assert.Contains("  LV Status              available\n  # open                 0\n  LV Size                8.00 MiB\n  Current LE             2\n  Mirrored volumes       2\n", display, StringComparison.Ordinal);
            Assert.Contains($"  Block device           {number.Major}:{number.Minor}\n", display, StringComparison.Ordinal);
            Assert.Contains("  LV Status              NOT available\n  LV Size", cli.Ok("lvdisplay", "vg/off"), StringComparison.Ordinal);
            Assert.DoesNotContain("Block device", cli.Ok("lvdisplay", "vg/off"), StringComparison.Ordinal);
            host.Suspend(DmName.Parse("vg-m"));
            Assert.Equal("mwi-s-m---|active", Attr(cli, "vg/m"));
            Assert.Contains("  LV Status              suspended\n", cli.Ok("lvdisplay", "vg/m"), StringComparison.Ordinal);
            host.Resume(DmName.Parse("vg-m"));
            cli.Ok("lvchange", "-an", "vg/m");
            Assert.Equal("mwi---m---|", Attr(cli, "vg/m"));
        });
    }

    [Fact]
    public void WithActiveLvsVgcfgrestoreAsksAndAbortsWithoutYes()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = NewVg(cli, 3);
        cli.Ok("lvcreate", "-an", "-L", "4M", "-n", "lin", "vg", images[0]);
        cli.Ok("lvcreate", "-an", "-L", "4M", "-n", "part", "vg", images[2]);
        cli.Ok("vgcfgbackup", "vg");
        using var host = new InProcessDeviceHost();
        using var server = new ControlServer(host);
        server.Start(Path.Combine(run.Path, "control.sock"));
        WithRunDir(run.Path, () =>
        {
            cli.Ok("lvchange", "-ay", "vg/lin");
            string[] before = [.. images.Select(CliHarness.Hash)];
            var (code, output, error) = cli.Run("vgcfgrestore", "vg");
            Assert.Equal(5, code);
            Assert.Contains("  Volume group vg has active volume: lin.\n  WARNING: Found 1 active volume(s) in volume group \"vg\".\n", error, StringComparison.Ordinal);
            Assert.StartsWith("  Restore aborted.", error.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);
            Assert.Contains("Restoring VG with active LVs, may cause mismatch with its metadata.", output, StringComparison.Ordinal);
            Assert.Equal(before, images.Select(CliHarness.Hash));
            (code, output, error) = cli.Run("vgcfgrestore", "-y", "vg");
            Assert.True(code == 0, error);
            Assert.Contains("Restored volume group vg", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void VgreduceRemovemissingForceRemovesAnActivePartialLvLiveButNotAnOpenOne()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = NewVg(cli, 3);
        cli.Ok("lvcreate", "-an", "-L", "4M", "-n", "lin", "vg", images[0]);
        cli.Ok("lvcreate", "-an", "-L", "4M", "-n", "part", "vg", images[2]);
        using var host = new InProcessDeviceHost();
        using var server = new ControlServer(host);
        server.Start(Path.Combine(run.Path, "control.sock"));
        WithRunDir(run.Path, () =>
        {
            cli.Ok("lvchange", "-ay", "vg/lin");
            // pv2 goes missing while vg/part, on it, is active (partial mode maps it to an error device).
            File.Move(images[2], images[2] + ".away");
            cli.Run("lvchange", "-ay", "--activationmode", "partial", "vg/part");
            Assert.NotNull(host.TryGetInfo(DmName.Parse("vg-part")));
            string[] present = images[..2];
            string[] before = [.. present.Select(CliHarness.Hash)];

            // Open (an NBD client, a mount): refused as LVM2 refuses it, nothing written, nothing deactivated.
            using (host.Engine.Open(DmName.Parse("vg-part")))
            {
                var (code, _, error) = cli.Run("vgreduce", "--removemissing", "--force", "vg");
                Assert.Equal(5, code);
                Assert.Contains("Logical volume vg/part in use.", error.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);
                Assert.Equal(before, present.Select(CliHarness.Hash));
                Assert.NotNull(host.TryGetInfo(DmName.Parse("vg-part")));
            }

            // Closed: removed live, with its devices; the missing PV leaves the VG; vg/lin is untouched.
            var (ok, output, warnings) = cli.Run("vgreduce", "--removemissing", "--force", "vg");
            Assert.True(ok == 0, warnings);
            Assert.Contains("WARNING: Removing partial LV vg/part.", warnings, StringComparison.Ordinal);
            Assert.Contains("Wrote out consistent volume group vg.", output, StringComparison.Ordinal);
            Assert.Null(host.TryGetInfo(DmName.Parse("vg-part")));
            Assert.DoesNotContain(host.List(), d => d.Name.Value.StartsWith("vg-part", StringComparison.Ordinal));
            Assert.NotNull(host.TryGetInfo(DmName.Parse("vg-lin")));
            Assert.Equal("lin", cli.Ok("lvs", "--noheadings", "-o", "lv_name", "vg").Trim());
            Assert.Equal(2, cli.Ok("pvs", "--noheadings", "-o", "pv_name").Trim().Split('\n').Length);
            Assert.Contains("Volume group \"vg\" is already consistent.", cli.Ok("vgreduce", "--removemissing", "--force", "vg"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void VgreduceRemovemissingForceReducesAnActiveMirrorLiveAndKeepsItsData()
    {
        using var run = new TempDir();
        using var cli = new CliHarness();
        string[] images = NewVg(cli, 3);
        cli.Ok("lvcreate", "-an", "--type", "mirror", "-m", "1", "-L", "4M", "-n", "m", "vg", images[0], images[1], images[2]);
        using var host = new InProcessDeviceHost();
        using var server = new ControlServer(host);
        server.Start(Path.Combine(run.Path, "control.sock"));
        WithRunDir(run.Path, () =>
        {
            cli.Ok("lvchange", "-ay", "vg/m");
            Assert.True(host.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(1), null));
            var data = new byte[1 << 20];
            new Random(7).NextBytes(data);
            using (var lv = host.Engine.Open(DmName.Parse("vg-m")))
            {
                lv.Write(new DeviceMapper.Units.Sectors(0), data);
                lv.Flush();
            }

            // The second leg's PV goes away while the mirror is active.
            File.Move(images[1], images[1] + ".away");
            var (code, output, error) = cli.Run("vgreduce", "--removemissing", "--force", "vg");
            Assert.True(code == 0, error);
            Assert.Contains("Wrote out consistent volume group vg.", output, StringComparison.Ordinal);
            Assert.Equal("linear", host.GetTable(DmName.Parse("vg-m"))!.Lines.Single().Params.TargetType);
            Assert.DoesNotContain(host.List(), d => d.Name.Value.StartsWith("vg-m_", StringComparison.Ordinal));
            Assert.Equal("m|-wi-a-----", string.Join('|', cli.Ok("lvs", "-a", "--noheadings", "--separator", "|", "-o", "lv_name,lv_attr", "vg").Trim().Split('|').Select(s => s.Trim())));
            using (var lv = host.Engine.Open(DmName.Parse("vg-m")))
            {
                var back = new byte[data.Length];
                lv.Read(new DeviceMapper.Units.Sectors(0), back);
                Assert.Equal(data, back);
            }
        });
    }

    /// <summary>PV images pv0..pv{n-1} of 32 MiB, made into the PVs of VG "vg".</summary>
    private static string[] NewVg(CliHarness cli, int pvs)
    {
        string[] images = [.. Enumerable.Range(0, pvs).Select(i => cli.Image($"pv{i}.img", 32))];
        cli.Ok(["pvcreate", .. images]);
        cli.Ok(["vgcreate", "vg", .. images]);
        return images;
    }

    private static string Attr(CliHarness cli, string lv) =>
        string.Join('|', cli.Ok("lvs", "--noheadings", "--separator", "|", "-o", "lv_attr,lv_active", lv).Trim().Split('|').Select(s => s.Trim()));

    private static void WithRunDir(string dir, Action action)
    {
        string? old = Environment.GetEnvironmentVariable(ControlPaths.RunDirVariable);
        Environment.SetEnvironmentVariable(ControlPaths.RunDirVariable, dir);
        try
        {
            action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ControlPaths.RunDirVariable, old);
        }
    }
}
