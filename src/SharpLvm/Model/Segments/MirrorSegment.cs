namespace SharpLvm.Model;

/// <summary>A mirror segment: legs as areas (normally LVs <c>lv_mimage_N</c>), an optional disk log LV.</summary>
public sealed class MirrorSegment : LvSegment
{
    public const string Type = "mirror";

    public MirrorSegment(Extents startExtent, Extents extentCount) : base(startExtent, extentCount)
    {
    }

    public override string TypeName => Type;

    /// <summary>The disk log; null for a core log.</summary>
    public LogicalVolume? MirrorLog { get; set; }

    /// <summary>Region size in sectors; 0 = not written.</summary>
    public uint RegionSize { get; set; }

    /// <summary>pvmove progress (written only for PVMOVE LVs).</summary>
    public uint? ExtentsMoved { get; set; }

    public List<SegmentArea> Areas { get; } = [];

    public int MirrorCount => Areas.Count;

    public override IReadOnlyList<SegmentArea> AreaList => Areas;
}
