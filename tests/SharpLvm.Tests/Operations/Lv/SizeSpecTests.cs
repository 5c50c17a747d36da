using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Tests.Operations.Lv;

public sealed class SizeSpecTests
{
    [Theory]
    [InlineData("10", 20480UL)]
    [InlineData("10m", 20480UL)]
    [InlineData("10M", 20480UL)]
    [InlineData("1.5", 3072UL)]
    [InlineData("100k", 200UL)]
    [InlineData("1g", 2097152UL)]
    [InlineData("8s", 8UL)]
    [InlineData("513b", 2UL)]
    public void Size_units_are_powers_of_1024_default_mib(string text, ulong sectors) =>
        Assert.Equal(sectors, SizeSpec.ParseSize(text).Size!.Value.Value);

    [Fact]
    public void Signs_and_percentages()
    {
        Assert.Equal(SizeSign.Plus, SizeSpec.ParseSize("+4m").Sign);
        Assert.Equal(SizeSign.Minus, SizeSpec.ParseExtents("-3").Sign);
        SizeSpec p = SizeSpec.ParseExtents("50%FREE");
        Assert.Equal((50u, SizePercent.Free), (p.Extents, p.Percent));
        Assert.Equal(SizePercent.Vg, SizeSpec.ParseExtents("10%vg").Percent);
        Assert.Throws<StorageException>(() => SizeSpec.ParseExtents("5%XYZ"));
        Assert.Throws<StorageException>(() => SizeSpec.ParseSize("10q"));
        Assert.Throws<StorageException>(() => SizeSpec.ParseExtents("abc"));
    }

    [Fact]
    public void Percent_sizes_round_up_like_lvm2()
    {
        var t = new SharpLvm.Tests.Allocation.TestVg(2);
        t.Create("a", extents: "50%VG");
        t.Create("b", extents: "50%FREE");
        Assert.Equal(15u, t.Vg.FindLv("a")!.ExtentCount.Value);
        Assert.Equal(8u, t.Vg.FindLv("b")!.ExtentCount.Value);
    }

    [Fact]
    public void Rename_moves_internal_names_and_tags_change()
    {
        var t = new SharpLvm.Tests.Allocation.TestVg(3);
        t.Create("m", extents: "2");
        t.Convert("m", "1");
        LvRename.Apply(t.Vg, "m", SharpLvm.Model.LvName.Parse("n"), t.Output);
        Assert.NotNull(t.Vg.FindLv("n_mimage_1"));
        Assert.NotNull(t.Vg.FindLv("n_mlog"));
        Assert.Contains("Renamed \"m\" to \"n\" in volume group \"vx\"", t.Output.Info);
        LvTags.Apply(t.Vg, "n", ["x", "y"], [], t.Output);
        LvTags.Apply(t.Vg, "n", [], ["x"], t.Output);
        Assert.Equal(["y"], t.Vg.FindLv("n")!.Tags);
        Assert.Throws<StorageException>(() => LvTags.Apply(t.Vg, "n", ["bad tag"], [], t.Output));
        Assert.Throws<StorageException>(() => LvRemove.Apply(t.Vg, "n_mlog", t.Output));
        LvRemove.Apply(t.Vg, "n", t.Output);
        Assert.Empty(t.Vg.LogicalVolumes);
    }
}
