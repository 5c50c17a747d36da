using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Tests.Allocation;

public sealed class FreeSpaceMapTests
{
    [Fact]
    public void Free_spans_are_the_complement_of_every_area()
    {
        var t = new TestVg(2);
        t.Create("a", extents: "3");
        t.Create("b", extents: "4", stripes: 2);
        var map = new FreeSpaceMap(t.Vg);
        Assert.Equal([new PeSpan(5, 10)], map.FreeOn(t.Pv(0)));
        Assert.Equal([new PeSpan(2, 13)], map.FreeOn(t.Pv(1)));
        Assert.Equal(23u, map.TotalFree(PvCandidate.AllOf(t.Vg)));
    }

    [Fact]
    public void Ranges_limit_a_candidate_and_unallocatable_pvs_give_nothing()
    {
        var t = new TestVg(2);
        var map = new FreeSpaceMap(t.Vg);
        Assert.Equal([new PeSpan(0, 6), new PeSpan(10, 1)], map.FreeOn(new PvCandidate(t.Pv(0), [new PeSpan(0, 3), new PeSpan(2, 4), new PeSpan(10, 1)])));
        t.Pv(1).Status = PvStatus.None;
        Assert.Empty(map.FreeOn(new PvCandidate(t.Pv(1))));
        var e = Assert.Throws<StorageException>(() => t.Create("x", extents: "16"));
        Assert.Equal(ErrorCode.NoSpace, e.Code);
    }

    [Fact]
    public void Pv_list_parses_ranges_and_joins_repeats()
    {
        var t = new TestVg(2);
        var list = t.List("/dev/t1:3-5", "/dev/t0", "/dev/t1:10-", "/dev/t1:4");
        Assert.Equal(2, list.Count);
        Assert.Same(t.Pv(1), list[0].Pv);
        Assert.Equal([new PeSpan(3, 3), new PeSpan(10, 5)], list[0].Ranges);
        Assert.Null(list[1].Ranges);
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<StorageException>(() => t.List("/dev/nope")).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => t.List("/dev/t0:5-2")).Code);
    }

    [Fact]
    public void Anywhere_puts_stripes_on_one_pv_when_needed()
    {
        var t = new TestVg(1);
        Assert.Throws<StorageException>(() => t.Create("s", extents: "4", stripes: 2));
        t.Create("x", extents: "5");
        t.Create("y", extents: "1");
        SharpLvm.Operations.Lv.LvRemove.Apply(t.Vg, "x", t.Output);
        var result = Allocator.Allocate(new FreeSpaceMap(t.Vg), new AllocationRequest
        {
            LvName = "s",
            AreaCount = 2,
            AreaLength = 2,
            Policy = AllocationPolicy.Anywhere,
            Candidates = PvCandidate.AllOf(t.Vg),
        });
        Assert.Single(result.Rounds);
        Assert.All(result.Rounds[0].Areas, a => Assert.Same(t.Pv(0), a.Pv));
        Assert.Equal([0u, 6u], result.Rounds[0].Areas.Select(a => a.Pe));
    }

    [Fact]
    public void Normal_refuses_two_legs_on_one_pv()
    {
        var t = new TestVg(1);
        var e = Assert.Throws<StorageException>(() => t.Create("m", extents: "2", type: SharpLvm.Operations.Lv.LvCreateType.Mirror, mirrors: 1, core: true));
        Assert.Contains("Insufficient suitable allocatable extents for logical volume m", e.Message, StringComparison.Ordinal);
    }
}
