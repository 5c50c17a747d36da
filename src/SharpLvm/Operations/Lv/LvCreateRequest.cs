using SharpLvm.Allocation;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>The segment types <c>lvcreate --type</c> accepts here.</summary>
public enum LvCreateType
{
    Linear,
    Striped,
    Mirror,
    Error,
    Zero,
}

/// <summary>lvcreate's arguments, already parsed.</summary>
public sealed record LvCreateRequest
{
    /// <summary>The name; null = LVM2's default <c>lvolN</c>.</summary>
    public LvName? Name { get; init; }

    public required SizeSpec Size { get; init; }

    /// <summary>The type; null = from <see cref="Stripes"/> and <see cref="Mirrors"/>.</summary>
    public LvCreateType? Type { get; init; }

    public int Stripes { get; init; } = 1;

    /// <summary>Stripe size in sectors; null = default (64 KiB).</summary>
    public uint? StripeSize { get; init; }

    /// <summary>Extra mirror legs (<c>-m N</c>).</summary>
    public int Mirrors { get; init; }

    /// <summary>True for <c>--mirrorlog core</c>.</summary>
    public bool CoreLog { get; init; }

    /// <summary>Region size in sectors; null = default (2 MiB).</summary>
    public uint? RegionSize { get; init; }

    /// <summary>PV arguments (null = every PV of the VG).</summary>
    public IReadOnlyList<PvCandidate>? Pvs { get; init; }

    public AllocationPolicy? Alloc { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>False for <c>-an</c>.</summary>
    public bool Activate { get; init; } = true;

    /// <summary>False for <c>-Zn</c>.</summary>
    public bool Zero { get; init; } = true;

    public LvCreateType EffectiveType => Type ?? (Mirrors > 0 ? LvCreateType.Mirror : Stripes > 1 ? LvCreateType.Striped : LvCreateType.Linear);
}
