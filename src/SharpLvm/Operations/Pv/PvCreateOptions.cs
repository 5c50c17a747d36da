namespace SharpLvm.Operations.Pv;

/// <summary>pvcreate's options (sizes in bytes).</summary>
public sealed record PvCreateOptions
{
    /// <summary>--metadatasize; LVM2's default (the first area ends at 1 MiB) when null.</summary>
    public ulong? MetadataSize { get; init; }

    /// <summary>--pvmetadatacopies 0, 1 or 2.</summary>
    public int MetadataCopies { get; init; } = 1;

    /// <summary>--dataalignment; 1 MiB when null.</summary>
    public ulong? DataAlignment { get; init; }

    /// <summary>--dataalignmentoffset.</summary>
    public ulong DataAlignmentOffset { get; init; }

    /// <summary>-u/--uuid: the PV id to use (formatted or raw).</summary>
    public string? Uuid { get; init; }

    /// <summary>--setphysicalvolumesize.</summary>
    public ulong? PhysicalVolumeSize { get; init; }

    /// <summary>-f given once (1) or twice (2).</summary>
    public int Force { get; init; }

    /// <summary>-y: answer yes to prompts.</summary>
    public bool Yes { get; init; }
}
