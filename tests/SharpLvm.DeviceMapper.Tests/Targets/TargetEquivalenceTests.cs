using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tests.Targets;

/// <summary>The reload decision: a table is equivalent when every line prints the same (as libdm compares them).</summary>
public sealed class TargetEquivalenceTests
{
    [Theory]
    [InlineData("0 1024 striped 2 8 7:0 0 7:1 0", "0 1024 striped 2 8 7:0 0 7:1 0", true)]
    [InlineData("0 1024 striped 2 8 7:0 0 7:1 0", "0 1024 striped 2 8 7:1 0 7:0 0", false)]
    [InlineData("0 1024 striped 2 8 7:0 0 7:1 0", "0 1024 striped 2 16 7:0 0 7:1 0", false)]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0", "0  2048 mirror core  1 1024 2 7:1 0 7:2 0 0", true)]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0", "0 2048 mirror core 2 1024 nosync 2 7:1 0 7:2 0", false)]
    [InlineData("0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0 1 handle_errors", "0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0 1 handle_errors", true)]
    [InlineData("0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0 1 handle_errors", "0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0", false)]
    [InlineData("0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0", "0 2048 mirror disk 2 7:3 1024 3 7:1 0 7:2 0 7:4 0", false)]
    [InlineData("0 100 flakey 7:0 0 1 1", "0 100 flakey 7:0 0 1 1 0", true)]
    [InlineData("0 100 flakey 7:0 0 1 1", "0 100 flakey 7:0 0 1 2", false)]
    [InlineData("0 100 flakey 7:0 0 1 1 1 drop_writes", "0 100 flakey 7:0 0 1 1 1 error_writes", false)]
    [InlineData("0 100 delay 7:0 0 5", "0 100 delay 7:0 0 5", true)]
    [InlineData("0 100 delay 7:0 0 5", "0 100 delay 7:0 0 5 7:0 0 5", false)]
    [InlineData("0 100 delay 7:0 0 5", "0 100 delay 7:0 0 6", false)]
    [InlineData("0 100 linear 7:0 0", "0 100 delay 7:0 0 0", false)]
    public void EquivalentTables(string a, string b, bool equivalent)
    {
        var left = Table.Parse(a);
        var right = Table.Parse(b);
        Assert.Equal(equivalent, left.IsEquivalentTo(right));
        Assert.Equal(equivalent, right.IsEquivalentTo(left));
        Assert.Equal(equivalent, left.Equals(right));
    }

    [Fact]
    public void RecordsWithLegListsCompareByValue()
    {
        var a = TargetLine.Parse("0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0").Params;
        var b = TargetLine.Parse("0 2048 mirror disk 2 7:3 1024 2 7:1 0 7:2 0").Params;
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        var s1 = TargetLine.Parse("0 1024 striped 2 8 7:0 0 7:1 0").Params;
        var s2 = TargetLine.Parse("0 1024 striped 2 8 7:0 0 7:1 0").Params;
        Assert.Equal(s1, s2);
    }
}
