namespace SharpLvm.DeviceMapper.Tree;

/// <summary>How <see cref="Planner"/> works.</summary>
public sealed record PlannerOptions
{
    /// <summary>Throw <see cref="Errors.ErrorCode.Unsafe"/> when the checker finds an error (default). Off only to inspect unsafe plans.</summary>
    public bool RefuseUnsafe { get; init; } = true;

    /// <summary>Where the planner's debug lines (suppressed reloads, flag decisions) go.</summary>
    public DmLogSink? Log { get; init; }

    public static PlannerOptions Default { get; } = new();
}
