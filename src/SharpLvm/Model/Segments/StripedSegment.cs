namespace SharpLvm.Model;

/// <summary>A striped segment; with one area it is linear.</summary>
public sealed class StripedSegment : LvSegment
{
    public const string Type = "striped";

    public StripedSegment(Extents startExtent, Extents extentCount) : base(startExtent, extentCount)
    {
    }

    public override string TypeName => Type;

    /// <summary>Stripe size in sectors (only meaningful and written when there are two or more stripes).</summary>
    public uint StripeSize { get; set; }

    public List<SegmentArea> Areas { get; } = [];

    public int StripeCount => Areas.Count;

    public override IReadOnlyList<SegmentArea> AreaList => Areas;
}
