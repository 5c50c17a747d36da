namespace SharpLvm.DeviceMapper.Tree;

/// <summary>Where a parent→child link comes from: the parent's live table, its desired table, or both.</summary>
[Flags]
public enum LinkKind : byte
{
    None = 0,
    /// <summary>The parent's current live table uses the child (DM_TABLE_DEPS).</summary>
    Live = 1,
    /// <summary>The parent's desired table uses the child.</summary>
    Desired = 2,
}

/// <summary>One end of a link, kept in insertion order on both nodes.</summary>
public readonly record struct DeviceLink(DeviceNode Node, LinkKind Kind);
