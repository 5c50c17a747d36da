using SharpLvm.Model;

namespace SharpLvm.Tests.Model;

public class SegmentMergerTests
{
    private static readonly PhysicalVolume Pv0 = new(LvmUuid.NewRandom());
    private static readonly PhysicalVolume Pv1 = new(LvmUuid.NewRandom());

    private static StripedSegment Seg(uint start, uint len, params (PhysicalVolume Pv, uint Pe)[] areas)
    {
        var seg = new StripedSegment(new Extents(start), new Extents(len)) { StripeSize = areas.Length > 1 ? 128u : 0u };
        foreach (var (pv, pe) in areas)
        {
            seg.Areas.Add(new PvArea(pv, new Extents(pe)));
        }
        return seg;
    }

    private static LogicalVolume Lv(params LvSegment[] segments)
    {
        var lv = new LogicalVolume(LvName.Parse("lv"), LvmUuid.NewRandom());
        lv.Segments.AddRange(segments);
        return lv;
    }

    [Fact]
    public void Contiguous_linear_segments_merge()
    {
        LogicalVolume lv = Lv(Seg(0, 2, (Pv0, 10)), Seg(2, 3, (Pv0, 12)), Seg(5, 1, (Pv0, 15)));

        Assert.Equal(2, SegmentMerger.MergeAdjacent(lv));

        StripedSegment only = Assert.IsType<StripedSegment>(Assert.Single(lv.Segments));
        Assert.Equal(new Extents(6), only.ExtentCount);
        Assert.Equal(new Extents(10), only.Areas[0].StartExtent);
    }

    [Fact]
    public void Striped_segments_merge_when_every_stripe_continues()
    {
        LogicalVolume lv = Lv(Seg(0, 4, (Pv0, 0), (Pv1, 0)), Seg(4, 2, (Pv0, 2), (Pv1, 2)));

        Assert.Equal(1, SegmentMerger.MergeAdjacent(lv));
        Assert.Equal(new Extents(6), lv.ExtentCount);
    }

    [Fact]
    public void Segments_that_do_not_continue_each_other_stay_apart()
    {
        Assert.Equal(0, SegmentMerger.MergeAdjacent(Lv(Seg(0, 2, (Pv0, 10)), Seg(2, 2, (Pv1, 12)))));
        Assert.Equal(0, SegmentMerger.MergeAdjacent(Lv(Seg(0, 2, (Pv0, 10)), Seg(2, 2, (Pv0, 13)))));
        Assert.Equal(0, SegmentMerger.MergeAdjacent(Lv(Seg(0, 4, (Pv0, 0), (Pv1, 0)), Seg(4, 2, (Pv0, 2), (Pv1, 3)))));
        StripedSegment tagged = Seg(2, 2, (Pv0, 12));
        tagged.Tags.Add("t");
        Assert.Equal(0, SegmentMerger.MergeAdjacent(Lv(Seg(0, 2, (Pv0, 10)), tagged)));
        Assert.Equal(0, SegmentMerger.MergeAdjacent(Lv(new ErrorSegment(Extents.Zero, new Extents(1)), new ErrorSegment(new Extents(1), new Extents(1)))));
    }

    [Fact]
    public void Pvmove_and_locked_lvs_are_left_alone()
    {
        LogicalVolume lv = Lv(Seg(0, 2, (Pv0, 10)), Seg(2, 3, (Pv0, 12)));
        lv.Status |= LvStatus.Locked;

        Assert.Equal(0, SegmentMerger.MergeAdjacent(lv));
        Assert.Equal(2, lv.Segments.Count);
    }
}
