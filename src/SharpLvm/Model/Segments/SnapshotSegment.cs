namespace SharpLvm.Model;

/// <summary>The segment of the internal <c>snapshotN</c> LV tying an origin to its COW store.</summary>
public sealed class SnapshotSegment : LvSegment
{
    public const string Type = "snapshot";

    public SnapshotSegment(Extents startExtent, Extents extentCount, LogicalVolume origin, LogicalVolume cow)
        : base(startExtent, extentCount)
    {
        Origin = origin;
        Cow = cow;
    }

    public override string TypeName => Type;

    /// <summary>Chunk size in sectors.</summary>
    public uint ChunkSize { get; set; }

    public LogicalVolume Origin { get; set; }

    public LogicalVolume Cow { get; set; }

    /// <summary>True while merging back into the origin (<c>merging_store</c> instead of <c>cow_store</c>).</summary>
    public bool IsMerging { get; set; }
}
