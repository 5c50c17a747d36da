using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>vgchange's metadata changes; null means "leave as it is".</summary>
public sealed record VgChangeOptions
{
    public IReadOnlyList<string> AddTags { get; init; } = [];

    public IReadOnlyList<string> DelTags { get; init; } = [];

    /// <summary>-x y|n.</summary>
    public bool? Resizeable { get; init; }

    /// <summary>--alloc.</summary>
    public AllocationPolicy? Allocation { get; init; }

    /// <summary>-l/--logicalvolume.</summary>
    public uint? MaxLv { get; init; }

    /// <summary>-p/--maxphysicalvolumes.</summary>
    public uint? MaxPv { get; init; }

    public bool ChangesNothing => AddTags.Count == 0 && DelTags.Count == 0 && Resizeable is null && Allocation is null && MaxLv is null && MaxPv is null;
}
