using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// Turns a <see cref="DeviceTree"/> into a <see cref="Plan"/> with libdm's three walks (preload bottom-up,
/// suspend top-down, resume bottom-up) and a removal walk, then has the safety checker prove it.
/// </summary>
public static class Planner
{
    public static Plan Plan(DeviceTree tree, PlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        options ??= PlannerOptions.Default;
        var plan = new PlanBuilder(tree, options.Log).Build();
        if (options.RefuseUnsafe && !plan.Safety.IsSafe)
        {
            throw new StorageException(ErrorCode.Unsafe,
                $"The plan of {plan.Steps.Count} steps breaks the safety rules:\n{string.Join('\n', plan.Safety.Errors.Take(10))}",
                "this is a planner bug or an impossible desired state; nothing was executed");
        }
        return plan;
    }

    /// <summary>Builds the tree against the engine's live devices and plans it.</summary>
    public static Plan Plan(IDeviceMapper dm, DesiredState desired, PlannerOptions? options = null) =>
        Plan(DeviceTree.Build(dm, desired), options);

    /// <summary>Builds the tree against a snapshot and plans it.</summary>
    public static Plan Plan(DmState state, DesiredState desired, PlannerOptions? options = null) =>
        Plan(DeviceTree.Build(state, desired), options);
}
