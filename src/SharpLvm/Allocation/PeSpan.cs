using System.Globalization;

namespace SharpLvm.Allocation;

/// <summary>A run of physical extents on one PV: <see cref="Start"/> and <see cref="Count"/> extents.</summary>
public readonly record struct PeSpan(uint Start, uint Count)
{
    /// <summary>One past the last extent.</summary>
    public uint End => Start + Count;

    /// <summary>The overlap with another span (Count 0 when they do not overlap).</summary>
    public PeSpan Intersect(PeSpan other)
    {
        uint start = Math.Max(Start, other.Start);
        uint end = Math.Min(End, other.End);
        return end > start ? new PeSpan(start, end - start) : new PeSpan(start, 0);
    }

    /// <summary>LVM2's inclusive form <c>start-last</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start}-{End - 1}");
}
