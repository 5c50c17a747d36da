namespace SharpLvm.Operations.Pv;

/// <summary>pvchange's changes; null means "leave as it is".</summary>
public sealed record PvChangeOptions
{
    /// <summary>-x y|n.</summary>
    public bool? Allocatable { get; init; }

    /// <summary>--metadataignore y|n.</summary>
    public bool? MetadataIgnore { get; init; }

    public IReadOnlyList<string> AddTags { get; init; } = [];

    public IReadOnlyList<string> DelTags { get; init; } = [];

    public bool ChangesNothing => Allocatable is null && MetadataIgnore is null && AddTags.Count == 0 && DelTags.Count == 0;
}
