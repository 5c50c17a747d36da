using System.Globalization;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Model;

/// <summary>A count or index of extents (LVM2 keeps them as 32-bit unsigned).</summary>
public readonly record struct Extents(uint Value) : IComparable<Extents>
{
    public static Extents Zero => default;

    public static Extents operator +(Extents a, Extents b) => new(checked(a.Value + b.Value));
    public static Extents operator -(Extents a, Extents b) => new(checked(a.Value - b.Value));
    public static bool operator <(Extents a, Extents b) => a.Value < b.Value;
    public static bool operator >(Extents a, Extents b) => a.Value > b.Value;
    public static bool operator <=(Extents a, Extents b) => a.Value <= b.Value;
    public static bool operator >=(Extents a, Extents b) => a.Value >= b.Value;

    public int CompareTo(Extents other) => Value.CompareTo(other.Value);

    /// <summary>The size in sectors for a given extent size.</summary>
    public Sectors ToSectors(Sectors extentSize) => new(checked(Value * extentSize.Value));

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
