namespace SharpLvm.Model;

/// <summary>A segment that fails every I/O.</summary>
public sealed class ErrorSegment(Extents startExtent, Extents extentCount) : LvSegment(startExtent, extentCount)
{
    public const string Type = "error";

    public override string TypeName => Type;
}

/// <summary>A segment that reads zeros and discards writes.</summary>
public sealed class ZeroSegment(Extents startExtent, Extents extentCount) : LvSegment(startExtent, extentCount)
{
    public const string Type = "zero";

    public override string TypeName => Type;
}
