using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Tests.Allocation;

/// <summary>
/// The same command sequences were run with LVM2 2.03.16 on loop devices (3 or 4 PVs of 64 MiB, 15 PEs each);
/// the expected PE ranges are the ones it chose (lvs -o seg_pe_ranges).
/// </summary>
public sealed class AllocatorLvm2Tests
{
    [Fact]
    public void Linear_striped_and_free_fill_like_lvm2()
    {
        var t = new TestVg(3);
        t.Create("a", size: "10m");
        t.Create("b", extents: "3");
        t.Create("s", extents: "5", stripes: 2);
        t.Create("lvol0", extents: "100%FREE");
        Assert.Equal("pv0:0-2", t.Ranges("a"));
        Assert.Equal("pv0:3-5", t.Ranges("b"));
        Assert.Equal("pv0:6-8 pv1:0-2", t.Ranges("s"));
        Assert.Equal("pv2:0-14 | pv1:3-14 | pv0:9-14", t.Ranges("lvol0"));
        Assert.Contains("Rounding up size to full physical extent 12.00 MiB", t.Output.Warnings);
        Assert.Contains("Rounding size 20.00 MiB (5 extents) up to stripe boundary size 24.00 MiB (6 extents).", t.Output.Warnings);
    }

    [Fact]
    public void Holes_smallest_fitting_area_then_contiguous_and_cling_on_extend()
    {
        var t = new TestVg(3);
        t.Create("a", extents: "3");
        t.Create("b", extents: "3");
        t.Create("c", extents: "3");
        LvRemove.Apply(t.Vg, "b", t.Output);
        t.Create("d", extents: "2");
        t.Create("e", extents: "2");
        t.Create("f", extents: "4");
        t.Resize("a", "+2", ResizeMode.Extend);
        t.Resize("c", "+20", ResizeMode.Extend);
        Assert.Equal("pv0:3-4", t.Ranges("d"));
        Assert.Equal("pv0:9-10", t.Ranges("e"));
        Assert.Equal("pv0:11-14", t.Ranges("f"));
        Assert.Equal("pv0:0-2 | pv0:5-5 | pv1:0-0", t.Ranges("a"));
        Assert.Equal("pv0:6-8 | pv2:0-14 | pv1:1-5", t.Ranges("c"));
    }

    [Fact]
    public void Policies_and_pv_lists_like_lvm2()
    {
        var t = new TestVg(3);
        t.Create("a", extents: "5");
        var cling = Assert.Throws<StorageException>(() => t.Create("cl", extents: "20", alloc: AllocationPolicy.Cling));
        Assert.Equal("Insufficient suitable allocatable extents for logical volume cl: 5 more required", cling.Message);
        var contiguous = Assert.Throws<StorageException>(() => t.Create("co", extents: "16", alloc: AllocationPolicy.Contiguous));
        Assert.Equal("Insufficient suitable contiguous allocatable extents for logical volume co: 16 more required", contiguous.Message);
        t.Create("co", extents: "9", alloc: AllocationPolicy.Contiguous);
        t.Create("r", extents: "2", pvs: ["/dev/t2:14", "/dev/t0:13-14"]);
        var none = Assert.Throws<StorageException>(() => t.Create("big", extents: "2", pvs: ["/dev/t2:14"]));
        Assert.Equal("Insufficient free space: 2 extents needed, but only 0 available", none.Message);
        var vgFull = Assert.Throws<StorageException>(() => t.Create("big", extents: "100"));
        Assert.Equal("Volume group \"vx\" has insufficient free space (29 extents): 100 required.", vgFull.Message);
        var stripes = Assert.Throws<StorageException>(() => t.Create("big", extents: "4", stripes: 4));
        Assert.Equal("Number of stripes (4) must not exceed number of physical volumes (3)", stripes.Message);
        Assert.Equal(5, stripes.ExitCode);
        Assert.Equal("pv0:5-13", t.Ranges("co"));
        Assert.Equal("pv2:14-14 | pv0:14-14", t.Ranges("r"));
        Assert.Null(t.Vg.FindLv("cl"));
        Assert.Null(t.Vg.FindLv("big"));
    }

    [Fact]
    public void Mirror_conversions_place_legs_and_log_like_lvm2()
    {
        var t = new TestVg(4);
        t.Create("pad", extents: "2");
        t.Create("m", extents: "4");
        t.Convert("m", "1");
        t.Create("c", extents: "4");
        t.Convert("c", "1", core: true);
        Assert.Equal("m_mimage_0:0-3 m_mimage_1:0-3", t.Ranges("m"));
        Assert.Equal("pv0:2-5", t.Ranges("m_mimage_0"));
        Assert.Equal("pv1:0-3", t.Ranges("m_mimage_1"));
        Assert.Equal("pv3:0-0", t.Ranges("m_mlog"));
        Assert.Equal("pv0:6-9", t.Ranges("c_mimage_0"));
        Assert.Equal("pv1:4-7", t.Ranges("c_mimage_1"));
        Assert.Null(t.Vg.FindLv("c_mlog"));
        t.Convert("m", "+1");
        Assert.Equal("m_mimagetmp_2:0-3 m_mimage_2:0-3", t.Ranges("m"));
        Assert.Equal("m_mimage_0:0-3 m_mimage_1:0-3", t.Ranges("m_mimagetmp_2"));
        Assert.Equal("pv2:0-3", t.Ranges("m_mimage_2"));
        var top = (MirrorSegment)t.Vg.FindLv("m")!.Segments[0];
        var layer = (MirrorSegment)t.Vg.FindLv("m_mimagetmp_2")!.Segments[0];
        Assert.Null(top.MirrorLog);
        Assert.Equal("m_mlog", layer.MirrorLog!.Name.Value);
        Assert.Equal(4096u, top.RegionSize);
        Assert.True(LvConvertMirror.IsConverting(top));
        // The writer puts visible LVs first, giving LVM2's file order pad, m, c, m_mlog, m_mimage_0, … m_mimage_2.
        Assert.Equal(["pad", "m", "m_mlog", "m_mimage_0", "m_mimage_1", "c", "c_mimage_0", "c_mimage_1", "m_mimagetmp_2", "m_mimage_2"],
            t.Vg.LogicalVolumes.Select(l => l.Name.Value));
        Assert.Equal(LvRole.TemporaryMirrorLayer, t.Vg.FindLv("m_mimagetmp_2")!.Role & LvRole.TemporaryMirrorLayer);
        Assert.Throws<StorageException>(() => t.Convert("m", "+1"));
    }

    [Fact]
    public void Mirror_resize_and_down_conversion_like_lvm2()
    {
        var t = new TestVg(4);
        t.Create("m", extents: "4");
        t.Convert("m", "2");
        Assert.Equal("pv1:0-3", t.Ranges("m_mimage_1"));
        Assert.Equal("pv2:0-3", t.Ranges("m_mimage_2"));
        Assert.Equal("pv3:0-0", t.Ranges("m_mlog"));
        t.Resize("m", "+2", ResizeMode.Extend);
        Assert.Equal("pv0:0-5", t.Ranges("m_mimage_0"));
        Assert.Equal("pv2:0-5", t.Ranges("m_mimage_2"));
        Assert.Contains("Extending 3 mirror images.", t.Output.Info);
        t.Resize("m", "-3", ResizeMode.Reduce);
        Assert.Equal("m_mimage_0:0-2 m_mimage_1:0-2 m_mimage_2:0-2", t.Ranges("m"));
        Assert.Equal("pv1:0-2", t.Ranges("m_mimage_1"));
        t.Convert("m", "-1");
        Assert.Equal("m_mimage_0:0-2 m_mimage_1:0-2", t.Ranges("m"));
        Assert.Null(t.Vg.FindLv("m_mimage_2"));
        t.Convert("m", "0");
        Assert.Equal("pv0:0-2", t.Ranges("m"));
        Assert.Equal(["m"], t.Vg.LogicalVolumes.Select(l => l.Name.Value));
        t.Create("s", extents: "4", stripes: 2);
        t.Resize("s", "+4", ResizeMode.Extend);
        Assert.Equal("pv0:3-6 pv1:0-3", t.Ranges("s"));
    }
}
