namespace SharpLvm.Model;

/// <summary>One segment of an LV: a run of logical extents mapped by one segment type.</summary>
public abstract class LvSegment
{
    protected LvSegment(Extents startExtent, Extents extentCount)
    {
        StartExtent = startExtent;
        ExtentCount = extentCount;
    }

    /// <summary>First logical extent of the LV this segment maps.</summary>
    public Extents StartExtent { get; set; }

    public Extents ExtentCount { get; set; }

    public Extents EndExtent => StartExtent + ExtentCount;

    /// <summary>The segment type as written in <c>type = "..."</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>False for segment types SharpLvm keeps verbatim but cannot change (raid, thin, cache, …).</summary>
    public virtual bool IsUnderstood => true;

    /// <summary>Segment tags (written after <c>type</c>).</summary>
    public List<string> Tags { get; } = [];

    /// <summary>The PV or LV areas, in order (empty for error, zero, snapshot, unknown).</summary>
    public virtual IReadOnlyList<SegmentArea> AreaList => [];
}
