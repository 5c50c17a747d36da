using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Devices;
using SharpLvm.Format.Disk;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Operations.Pv;

[Collection(SystemDirCollection.Name)]
public sealed class PvCommandTests
{
    [Fact]
    public void Pvcreate_writes_labels_and_records_the_images_in_the_devices_file()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        string output = h.Ok("pvcreate", a, b);
        Assert.Contains($"Physical volume \"{a}\" successfully created.", output, StringComparison.Ordinal);
        var file = DevicesFile.Load(Config.SystemDir.DefaultDevicesFile(h.SystemDir));
        Assert.Equal([a, b], file.Entries.Select(e => e.Path));
        using var dev = FileBlockDevice.Open(a, readOnly: true);
        var pv = PhysicalVolumeDisk.Open(dev);
        Assert.Equal(file.Entries[0].Pvid, pv.Label.PvUuid);
        Assert.Equal(1048576UL, pv.Label.DataStart);
        Assert.Contains(a, h.Ok("pvs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Pvcreate_options_shape_the_layout()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Ok("pvcreate", "--pvmetadatacopies", "2", "--metadatasize", "2m", "--dataalignment", "4m", "-u", "aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg", "--norestorefile", a);
        using var dev = FileBlockDevice.Open(a, readOnly: true);
        var pv = PhysicalVolumeDisk.Open(dev);
        Assert.Equal(2, pv.MetadataAreas.Count);
        Assert.Equal(4UL << 20, pv.Label.DataStart);
        Assert.Equal("aaaaaabbbbccccddddeeeeffffgggggg", pv.Label.PvUuid);
    }

    [Fact]
    public void Pvcreate_refuses_a_pv_of_a_vg_unless_forced_twice_and_confirmed()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Ok("vgcreate", "vg0", a);
        string error = h.Fails(5, [a], "pvcreate", a);
        Assert.Contains("of volume group \"vg0\" without -ff", error, StringComparison.Ordinal);
        h.Fails(5, [a], "pvcreate", "-ff", a);
        h.Ok("pvcreate", "-ff", "-y", a);
        Assert.DoesNotContain("vg0", h.Ok("pvs", "--devices", a), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "pvcreate", "--pvmetadatacopies", "3")]
    [InlineData(3, "pvcreate", "--metadatasize", "-1")]
    [InlineData(3, "pvcreate", "-u", "not-a-uuid", "--norestorefile")]
    [InlineData(3, "pvcreate", "--setphysicalvolumesize", "1t")]
    [InlineData(5, "pvremove")]
    [InlineData(5, "pvchange", "-x", "n")]
    public void Bad_pv_input_fails_with_one_line_and_changes_nothing(int code, params string[] args)
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Fails(code, [a], [.. args, a]);
    }

    [Fact]
    public void Pvcreate_of_a_missing_device_fails()
    {
        using var h = new CliHarness();
        string error = h.Fails(5, [], "pvcreate", "/nonexistent/x.img");
        Assert.Contains("No device found for /nonexistent/x.img", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pvremove_wipes_an_orphan_and_refuses_a_pv_in_use()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("pvcreate", a);
        h.Ok("vgcreate", "vg0", b);
        Assert.Contains("successfully wiped", h.Ok("pvremove", a), StringComparison.Ordinal);
        using (var dev = FileBlockDevice.Open(a, readOnly: true))
        {
            Assert.False(PhysicalVolumeDisk.TryOpen(dev, out _));
        }
        Assert.Contains("vgreduce first", h.Fails(5, [b], "pvremove", b), StringComparison.Ordinal);
    }

    [Fact]
    public void Pvchange_sets_allocatable_tags_and_metadataignore()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a, b);
        h.Ok("pvchange", "-x", "n", "--addtag", "fast", a);
        string pvs = h.Ok("pvs", "-o", "pv_name,pv_attr,pv_tags", "--noheadings", "--separator", "|");
        Assert.Contains($"{a}|u--|fast", pvs, StringComparison.Ordinal); // LVM2: u = used, not allocatable
        h.Ok("pvchange", "--metadataignore", "y", b);
        Assert.Equal("0", h.Ok("pvs", "-o", "pv_mda_used_count", "--noheadings", "--devices", b).Trim());
        // The VG must keep one area in use.
        h.Fails(5, [a, b], "pvchange", "--metadataignore", "y", a);
        h.Ok("pvchange", "--metadataignore", "n", b);
        Assert.Empty(h.VgCk());
    }

    [Fact]
    public void Pvresize_grows_a_pv_of_a_vg_and_refuses_to_cut_allocated_extents()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img", 100);
        h.Ok("vgcreate", "vg0", a);
        using (var f = new FileStream(a, FileMode.Open))
        {
            f.SetLength(200L << 20);
        }
        h.Ok("pvresize", a);
        Assert.Equal("49", h.Ok("pvs", "-o", "pv_pe_count", "--noheadings").Trim());
        h.Fails(5, [a], "pvresize", "--setphysicalvolumesize", "60m", a);
        h.Ok("pvresize", "-y", "--setphysicalvolumesize", "60m", a);
        Assert.Equal("14", h.Ok("pvs", "-o", "pv_pe_count", "--noheadings").Trim());
    }

    [Fact]
    public void Pvdisplay_uses_lvm2s_layout()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("pvcreate", b);
        h.Ok("vgcreate", "vg0", a);
        string text = h.Ok("pvdisplay");
        Assert.Contains("  --- Physical volume ---\n  PV Name               " + a + "\n  VG Name               vg0\n  PV Size               100.00 MiB / not usable 4.00 MiB\n  Allocatable           yes \n  PE Size               4.00 MiB\n  Total PE              24\n  Free PE               24\n  Allocated PE          0\n", text, StringComparison.Ordinal);
        Assert.Contains($"  \"{b}\" is a new physical volume of \"100.00 MiB\"\n  --- NEW Physical volume ---", text, StringComparison.Ordinal);
    }
}
