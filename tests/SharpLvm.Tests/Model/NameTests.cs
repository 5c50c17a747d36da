using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Tests.Model;

public class NameTests
{
    [Theory]
    [InlineData("vg0")]
    [InlineData("my-vg.1_+")]
    [InlineData("a")]
    public void Valid_vg_names(string name) => Assert.Equal(name, VgName.Parse(name).Value);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-vg")]
    [InlineData("a b")]
    [InlineData("vg/x")]
    [InlineData("vé")]
    public void Invalid_vg_names_are_refused(string name)
    {
        var ex = Assert.Throws<StorageException>(() => VgName.Parse(name));
        Assert.Equal(ErrorCode.InvalidArgument, ex.Code);
        Assert.False(VgName.TryParse(name, out _));
    }

    [Fact]
    public void Name_length_limit_is_127()
    {
        Assert.True(VgName.TryParse(new string('a', 127), out _));
        Assert.False(VgName.TryParse(new string('a', 128), out _));
    }

    [Theory]
    [InlineData("snapshot0")]
    [InlineData("pvmove0")]
    [InlineData("lv_mimage_0")]
    [InlineData("lv_mimagetmp_2")]
    [InlineData("lv_mlog")]
    [InlineData("lv_rimage_1")]
    [InlineData("pool_tdata")]
    [InlineData("x_vorigin")]
    [InlineData("a_b_pmspare")]
    public void Reserved_lv_names_are_refused_from_users_but_accepted_on_import(string name)
    {
        var ex = Assert.Throws<StorageException>(() => LvName.Parse(name));
        Assert.Equal(ErrorCode.InvalidArgument, ex.Code);
        LvName internalName = LvName.ParseInternal(name);
        Assert.True(internalName.IsReserved);
    }

    [Theory]
    [InlineData("lv")]
    [InlineData("mimage")]
    [InlineData("my_snapshot")]
    [InlineData("data_mirror")]
    public void Ordinary_lv_names_are_accepted(string name)
    {
        LvName lv = LvName.Parse(name);
        Assert.False(lv.IsReserved);
    }

    [Fact]
    public void Internal_parse_still_applies_basic_rules()
    {
        Assert.Throws<StorageException>(() => LvName.ParseInternal("-x"));
        Assert.False(LvName.TryParseInternal("..", out _));
    }
}
