using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Activation;

/// <summary>
/// Activation of a VG with a PV image removed: without partial mode the LVs on the missing PV are refused (LVM2's
/// message) and the others activate; with it, each missing area maps to an error device
/// <c>vg-lv-missing_S_A</c> (LVM2's missing_stripe_filler "error"), so the LV activates and I/O there fails.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class PartialActivationTests
{
    private static readonly VgName Vg = ActivationHarness.Vg;

    [Fact]
    public void Partial_lvs_are_refused_without_partial_mode_and_map_missing_areas_to_error_devices_with_it()
    {
        using var h = new ActivationHarness(pvs: 4);
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "lin", "vg", h.Images[0]);
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "gone", "vg", h.Images[1]);
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "mir", "vg", h.Images[2], h.Images[1], h.Images[3]);
        h.Cli.Ok("lvcreate", "-i", "2", "-L", "8M", "-n", "str", "vg", h.Images[1], h.Images[2]);
        File.Move(h.Images[1], h.Images[1] + ".away");
        var present = h.Images.Where(File.Exists).ToArray();
        var ctx = h.Cli.Context(present);
        var output = new LvOutput();

        var refused = Assert.Throws<StorageException>(() => LvActivation.ChangeVg(ctx, Vg, activate: true, h.Host, output, h.Options));
        Assert.Equal("Refusing activation of partial LV vg/str.  Use '--activationmode partial' to override.", refused.Message);
        Assert.Contains("Refusing activation of partial LV vg/gone.  Use '--activationmode partial' to override.", output.Warnings);
        Assert.Contains("Refusing activation of partial LV vg/mir.  Use '--activationmode partial' to override.", output.Warnings);
        Assert.Contains("1 logical volume(s) in volume group \"vg\" now active", output.Info);
        Assert.Equal(["vg-lin"], h.LiveTables().Keys);

        LvActivation.ChangeVg(ctx, Vg, activate: true, h.Host, output, h.Options with { PartialActivation = true });
        var tables = h.LiveTables();
        Assert.Equal("0 16384 error", tables["vg-gone-missing_0_0"]);
        string filler = h.Host.TryGetInfo(DmName.Parse("vg-gone-missing_0_0"))!.Number.ToString();
        Assert.Equal($"0 16384 linear {filler} 0", tables["vg-gone"]);
        Assert.Equal("0 16384 error", tables["vg-mir_mimage_1-missing_0_0"]);
        Assert.StartsWith("0 16384 mirror disk 2 ", tables["vg-mir"], StringComparison.Ordinal);
        // A striped LV: the filler covers the whole segment (LVM2 in the kernel lab: "vg-str-missing_0_0: 0 16384 error").
        Assert.Equal("0 16384 error", tables["vg-str-missing_0_0"]);
        string strFiller = h.Host.TryGetInfo(DmName.Parse("vg-str-missing_0_0"))!.Number.ToString();
        Assert.StartsWith($"0 16384 striped 2 128 {strFiller} 0 ", tables["vg-str"], StringComparison.Ordinal);

        // The present parts work; the missing area returns I/O errors.
        Assert.Equal(8 << 20, h.ReadDevice("vg-lin").Length);
        using (var gone = h.Host.Engine.Open(DmName.Parse("vg-gone")))
        {
            Assert.ThrowsAny<Exception>(() => gone.Read(Sectors.Zero, new byte[4096]));
        }

        LvActivation.ChangeVg(ctx, Vg, activate: false, h.Host, output, h.Options);
        Assert.Empty(h.LiveTables());
    }

    [Fact]
    public void A_live_lvremove_on_a_vg_with_a_missing_pv_flags_it_missing_and_keeps_the_partial_lv_on_error_devices()
    {
        using var h = new ActivationHarness(pvs: 3);
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "lin", "vg", h.Images[0]);
        h.Cli.Ok("lvcreate", "-L", "8M", "-n", "gone", "vg", h.Images[1]);
        h.Cli.Ok("lvcreate", "-L", "4M", "-n", "part", "vg", h.Images[1]);
        h.Cli.Ok("lvextend", "-L", "+4M", "vg/part", h.Images[2]);
        File.Move(h.Images[1], h.Images[1] + ".away");
        var ctx = h.Cli.Context(h.Images.Where(File.Exists).ToArray());
        var output = new LvOutput();
        LvActivation.ChangeVg(ctx, Vg, activate: true, h.Host, output, h.Options with { PartialActivation = true });
        Assert.Contains("vg-part-missing_0_0", h.LiveTables().Keys);

        // LVM2 allows lvremove on a VG with missing PVs (handles_missing_pvs); live, the other LVs keep their tables.
        var before = h.LiveTables();
        LiveLvChange.Remove(ctx, Vg, "gone", force: true, h.Host, output, h.Options);
        var after = h.LiveTables();
        Assert.DoesNotContain("vg-gone", after.Keys);
        Assert.DoesNotContain("vg-gone-missing_0_0", after.Keys);
        Assert.Equal(before["vg-lin"], after["vg-lin"]);
        Assert.Equal(before["vg-part"], after["vg-part"]);
        Assert.Equal("0 8192 error", after["vg-part-missing_0_0"]);

        // The write flagged the missing PV in the metadata (LVM2: MISSING, device "[unknown]").
        var vg = SharpLvm.Operations.VgTransaction.Read(ctx, Vg);
        PhysicalVolume missing = vg.Vg.PhysicalVolumes.Single(p => vg.DeviceOf(p) is null);
        Assert.True((missing.Flags & PvCompatFlags.Missing) != 0);
        Assert.Equal(["lin", "part"], vg.Vg.LogicalVolumes.Select(l => l.Name.Value).Order(StringComparer.Ordinal));

        // A change LVM2 refuses on such a VG stays refused live.
        var refused = Assert.Throws<StorageException>(() => LiveLvChange.Resize(ctx, Vg, "lin", new LvResizeRequest { Size = SizeSpec.ParseSize("+4M"), Mode = ResizeMode.Extend }, h.Host, output, h.Options));
        Assert.Equal("Cannot change VG vg while PVs are missing.", refused.Message);
    }

    [Fact]
    public void Lvconvert_repair_removes_the_leg_on_a_missing_pv_of_an_active_mirror_and_keeps_the_data()
    {
        using var h = new ActivationHarness(pvs: 4);
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "8M", "-n", "mir", "vg", h.Images[0], h.Images[1], h.Images[2]);
        var ctx = h.Context;
        var output = new LvOutput();
        LvActivation.ChangeVg(ctx, Vg, activate: true, h.Host, output, h.Options);
        Assert.True(h.Host.WaitForSync(DmName.Parse("vg-mir"), TimeSpan.FromMinutes(1)));
        byte[] data = new byte[8 << 20];
        new Random(7).NextBytes(data);
        using (var dev = h.Host.Engine.Open(DmName.Parse("vg-mir")))
        {
            dev.Write(Sectors.Zero, data);
        }
        LvActivation.ChangeVg(ctx, Vg, activate: false, h.Host, output, h.Options);

        // Leg 1's PV goes missing; partial activation maps that leg to an error device.
        File.Move(h.Images[1], h.Images[1] + ".away");
        ctx = h.Cli.Context(h.Images.Where(File.Exists).ToArray());
        LvActivation.ChangeVg(ctx, Vg, activate: true, h.Host, output, h.Options with { PartialActivation = true });
        Assert.Equal("0 16384 error", h.LiveTables()["vg-mir_mimage_1-missing_0_0"]);

        // LVM2's lvconvert --repair handles missing PVs: the image on it goes, live; leg 0 stays with the data.
        LiveMirrorRepair.Repair(ctx, Vg, "mir", replace: false, h.Host, output, h.Options);
        Assert.Contains("Mirror status: 1 of 2 images failed.", output.Info);
        var tables = h.LiveTables();
        Assert.Equal(["vg-mir"], tables.Keys);
        Assert.StartsWith("0 16384 linear ", tables["vg-mir"], StringComparison.Ordinal);
        Assert.Equal(data, h.ReadDevice("vg-mir"));
        var vg = SharpLvm.Operations.VgTransaction.Read(ctx, Vg);
        Assert.Equal(["mir"], vg.Vg.LogicalVolumes.Select(l => l.Name.Value));
        Assert.True((vg.Vg.PhysicalVolumes.Single(p => vg.DeviceOf(p) is null).Flags & PvCompatFlags.Missing) != 0);
    }
}
