using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Tests.Operations.Vg;

[Collection(SystemDirCollection.Name)]
public sealed class VgCommandTests
{
    private static string Field(CliHarness h, string report, string field, params string[] names) =>
        h.Ok([report, "-o", field, "--noheadings", .. names]).Trim();

    [Fact]
    public void Vgcreate_makes_a_vg_at_seqno_1_with_its_options()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        Assert.Contains("Volume group \"vg0\" successfully created", h.Ok("vgcreate", "-s", "8m", "--addtag", "t1", "-l", "7", "-p", "5", "--alloc", "cling", "vg0", a, b), StringComparison.Ordinal);
        Assert.Equal("1", Field(h, "vgs", "vg_seqno", "vg0"));
        Assert.Equal("8.00m", Field(h, "vgs", "vg_extent_size", "vg0"));
        Assert.Equal("24", Field(h, "vgs", "vg_extent_count", "vg0"));
        Assert.Equal("t1", Field(h, "vgs", "vg_tags", "vg0"));
        Assert.Equal("cling", Field(h, "vgs", "vg_allocation_policy", "vg0"));
        Assert.True(File.Exists(Path.Combine(h.SystemDir, "backup", "vg0")));
        Assert.Empty(h.VgCk());
    }

    [Theory]
    [InlineData("-bad")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("null")]
    [InlineData("x/y")]
    public void Invalid_vg_names_are_refused_with_exit_3(string name)
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Fails(3, [a], "vgcreate", name, a);
    }

    [Fact]
    public void A_long_name_and_bad_sizes_are_refused()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Fails(3, [a], "vgcreate", new string('v', 128), a);
        h.Fails(3, [a], "vgcreate", "-s", "3m", "vg0", a);
        h.Fails(3, [a], "vgcreate", "-s", "1k", "vg0", a);
        h.Fails(5, [a], "vgcreate", "-s", "256m", "vg0", a);
    }

    [Fact]
    public void Vgcreate_refuses_an_existing_name_and_a_pv_in_use()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a);
        h.Ok("pvcreate", b);
        h.Fails(5, [a, b], "vgcreate", "vg0", b);
        Assert.Contains("already in volume group 'vg0'", h.Fails(5, [a, b], "vgcreate", "vg1", a), StringComparison.Ordinal);
        h.Fails(5, [a, b], "vgextend", "vg0", a);
        h.Fails(5, [a, b], "vgextend", "nosuch", b);
    }

    [Fact]
    public void Vgextend_and_vgreduce_move_pvs_in_and_out()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img"), c = h.Image("c.img");
        h.Ok("vgcreate", "vg0", a);
        Assert.Contains("successfully extended", h.Ok("vgextend", "vg0", b, c), StringComparison.Ordinal);
        Assert.Equal("3", Field(h, "vgs", "pv_count", "vg0"));
        Assert.Equal("2", Field(h, "vgs", "vg_seqno", "vg0"));
        Assert.Contains($"Removed \"{b}\" from volume group \"vg0\"", h.Ok("vgreduce", "vg0", b), StringComparison.Ordinal);
        Assert.Equal("2", Field(h, "vgs", "pv_count", "vg0"));
        Assert.Equal(string.Empty, h.Ok("pvs", "-o", "vg_name", "--noheadings", "--devices", b).Trim());
        h.Fails(5, [a, b, c], "vgreduce", "vg0", b);
        h.Ok("vgreduce", "-a", "vg0");
        h.Fails(5, [a, b, c], "vgreduce", "vg0", a);
        Assert.Empty(h.VgCk());
    }

    [Fact]
    public void Vgreduce_refuses_a_pv_in_use_and_vgremove_needs_force_for_lvs()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a, b);
        SharpLvm.Operations.VgTransaction.Update(h.Context(), VgName.Parse("vg0"), vg => AddLinearLv(vg, "lv0", vg.PhysicalVolumes[1], 3));
        Assert.Contains("still in use", h.Fails(5, [a, b], "vgreduce", "vg0", b), StringComparison.Ordinal);
        h.Fails(5, [a, b], "vgremove", "vg0");
        Assert.Contains("successfully removed", h.Ok("vgremove", "-f", "vg0"), StringComparison.Ordinal);
        Assert.Equal(2, VgReader.Scan(h.Context().Devices).Orphans.Count);
        Assert.False(File.Exists(Path.Combine(h.SystemDir, "backup", "vg0")));
    }

    [Fact]
    public void Vgrename_and_vgchange()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a);
        h.Ok("vgcreate", "other", b);
        h.Fails(5, [a, b], "vgrename", "vg0", "other");
        h.Fails(3, [a, b], "vgrename", "vg0", "vg0");
        h.Fails(3, [a, b], "vgrename", "vg0", "bad name");
        h.Fails(5, [a, b], "vgrename", "nosuch", "x");
        Assert.Contains("successfully renamed to \"vg1\"", h.Ok("vgrename", "vg0", "vg1"), StringComparison.Ordinal);
        h.Ok("vgchange", "--addtag", "x", "--addtag", "y", "vg1");
        h.Ok("vgchange", "--deltag", "x", "-x", "n", "vg1");
        Assert.Equal("y", Field(h, "vgs", "vg_tags", "vg1"));
        Assert.Equal("wz--n-".Replace('z', '-'), Field(h, "vgs", "vg_attr", "vg1"));
        h.Fails(3, [a, b], "vgchange", "--addtag", "bad tag", "vg1");
        h.Fails(3, [a, b], "vgchange", "vg1");
        Assert.Equal("4", Field(h, "vgs", "vg_seqno", "vg1"));
        Assert.True(File.Exists(Path.Combine(h.SystemDir, "backup", "vg1")));
        Assert.False(File.Exists(Path.Combine(h.SystemDir, "backup", "vg0")));
    }

    [Fact]
    public void Vgcfgbackup_and_vgcfgrestore_bring_back_a_removed_pv()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a, b);
        string backup = Path.Combine(h.SystemDir, "saved.vg");
        h.Ok("vgcfgbackup", "-f", backup, "vg0");
        h.Ok("vgreduce", "vg0", b);
        Assert.Contains("Restored volume group vg0", h.Ok("vgcfgrestore", "-f", backup, "vg0"), StringComparison.Ordinal);
        Assert.Equal("2", Field(h, "vgs", "pv_count", "vg0"));
        Assert.Equal("2", Field(h, "vgs", "vg_seqno", "vg0"));
        string list = h.Ok("vgcfgrestore", "--list", "vg0");
        Assert.Contains("Created *before* executing 'vgreduce vg0", list, StringComparison.Ordinal);
        Assert.Empty(h.VgCk());
        h.Fails(5, [a, b], "vgcfgrestore", "-f", Path.Combine(h.SystemDir, "nosuch"), "vg0");
    }

    [Fact]
    public void Vgdisplay_uses_lvm2s_layout()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Ok("vgcreate", "vg0", a);
        string text = h.Ok("vgdisplay", "vg0");
        Assert.StartsWith("  --- Volume group ---\n  VG Name               vg0\n  System ID             \n  Format                lvm2\n  Metadata Areas        1\n  Metadata Sequence No  1\n  VG Access             read/write\n  VG Status             resizable\n", text, StringComparison.Ordinal);
        Assert.Contains("  Free  PE / Size       24 / 96.00 MiB\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Vgck_reports_a_stale_copy()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a, b);
        byte[] old = File.ReadAllBytes(b);
        h.Ok("vgchange", "--addtag", "t", "vg0");
        File.WriteAllBytes(b, old);
        var (code, _, error) = h.Run("vgck", "vg0");
        Assert.Equal(5, code);
        Assert.Contains($"Inconsistent metadata found for VG vg0: metadata area at offset 4096 on {b} has seqno 1, expected 2.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Vgck_reports_a_commit_left_halfway_and_a_pv_without_its_used_flag()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a, b);
        using (var device = SharpLvm.DeviceMapper.BlockDevices.FileBlockDevice.Open(b))
        {
            // The same text written and precommitted at a new place, never committed.
            var area = SharpLvm.Format.Disk.PhysicalVolumeDisk.Open(device).MetadataAreas[0];
            byte[] text = area.ReadCommitted()!.Text.ToArray();
            SharpLvm.Format.Disk.VgMetadataWriter.WriteAndPrecommit([area], text, _ => { });
        }
        using (var device = SharpLvm.DeviceMapper.BlockDevices.FileBlockDevice.Open(a))
        {
            var disk = SharpLvm.Format.Disk.PhysicalVolumeDisk.Open(device);
            disk.WriteLabel(disk.Label with { ExtensionFlags = disk.Label.ExtensionFlags & ~SharpLvm.Format.Disk.LabelLayout.PvExtUsed });
        }
        IReadOnlyList<string> problems = h.VgCk();
        Assert.Equal(2, problems.Count);
        Assert.Contains($"PV {a} of VG vg0 does not have the PV_EXT_USED flag.", problems);
        Assert.Contains($"WARNING: metadata area at offset 4096 on {b} has an uncommitted precommitted copy.", problems);
    }

    internal static bool AddLinearLv(VolumeGroup vg, string name, PhysicalVolume pv, uint extents)
    {
        var lv = new LogicalVolume(LvName.Parse(name), LvmUuid.NewRandom());
        var seg = new StripedSegment(Extents.Zero, new Extents(extents));
        seg.Areas.Add(new PvArea(pv, Extents.Zero));
        lv.Segments.Add(seg);
        vg.LogicalVolumes.Add(lv);
        return true;
    }
}
