using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>vgcreate's options.</summary>
public sealed record VgCreateOptions
{
    /// <summary>-s: 4 MiB (8192 sectors) by default.</summary>
    public Sectors ExtentSize { get; init; } = new(8192);

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>-l/--maxlogicalvolumes (0 = no limit).</summary>
    public uint MaxLv { get; init; }

    /// <summary>-p/--maxphysicalvolumes (0 = no limit).</summary>
    public uint MaxPv { get; init; }

    /// <summary>--alloc.</summary>
    public AllocationPolicy Allocation { get; init; } = AllocationPolicy.Normal;

    /// <summary>How to pvcreate devices that are not PVs yet.</summary>
    public Pv.PvCreateOptions PvCreate { get; init; } = new();
}
