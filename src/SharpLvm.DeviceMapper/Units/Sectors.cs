using System.Globalization;

namespace SharpLvm.DeviceMapper.Units;

/// <summary>A count or offset in 512-byte sectors, the unit of device-mapper tables.</summary>
public readonly record struct Sectors(ulong Value) : IComparable<Sectors>
{
    public const int SectorSize = 512;
    public const int SectorShift = 9;

    public static Sectors Zero => default;

    public ulong Bytes => checked(Value << SectorShift);

    /// <summary>Sectors from a byte count that must be a whole number of sectors.</summary>
    public static Sectors FromBytes(ulong bytes)
    {
        if ((bytes & (SectorSize - 1)) != 0)
        {
            throw new ArgumentException($"{bytes} bytes is not a whole number of 512-byte sectors", nameof(bytes));
        }
        return new Sectors(bytes >> SectorShift);
    }

    /// <summary>Sectors covering a byte count, rounding up.</summary>
    public static Sectors CoveringBytes(ulong bytes) => new((bytes + SectorSize - 1) >> SectorShift);

    public static Sectors operator +(Sectors a, Sectors b) => new(checked(a.Value + b.Value));
    public static Sectors operator -(Sectors a, Sectors b) => new(checked(a.Value - b.Value));
    public static Sectors operator *(Sectors a, ulong b) => new(checked(a.Value * b));
    public static ulong operator /(Sectors a, Sectors b) => a.Value / b.Value;
    public static Sectors operator %(Sectors a, Sectors b) => new(a.Value % b.Value);
    public static bool operator <(Sectors a, Sectors b) => a.Value < b.Value;
    public static bool operator >(Sectors a, Sectors b) => a.Value > b.Value;
    public static bool operator <=(Sectors a, Sectors b) => a.Value <= b.Value;
    public static bool operator >=(Sectors a, Sectors b) => a.Value >= b.Value;

    public int CompareTo(Sectors other) => Value.CompareTo(other.Value);

    public static Sectors Min(Sectors a, Sectors b) => a <= b ? a : b;
    public static Sectors Max(Sectors a, Sectors b) => a >= b ? a : b;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
