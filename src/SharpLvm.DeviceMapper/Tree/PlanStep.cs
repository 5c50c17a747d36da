using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>The device-mapper operation of one step (one ioctl).</summary>
public enum StepKind
{
    Create,
    Load,
    ClearInactive,
    Suspend,
    Resume,
    Rename,
    Remove,
}

/// <summary>The walk a step belongs to.</summary>
public enum PlanPhase
{
    /// <summary>Bottom-up: create, load inactive tables, the few resumes libdm does early. Before any suspend.</summary>
    Preload,
    /// <summary>Top-down: suspend a device once all its parents are.</summary>
    Suspend,
    /// <summary>Bottom-up: renames, then resumes (leaving devices first).</summary>
    Resume,
    /// <summary>Top-down: remove the devices the desired state removes.</summary>
    Remove,
}

/// <summary>
/// One operation of a plan. <see cref="Name"/> is the device's name at that moment; <see cref="Number"/>
/// is its number (planned for new devices). <see cref="Table"/> is set for Load, <see cref="Flush"/>
/// for Suspend, <see cref="NewName"/> for Rename, <see cref="Uuid"/> for Create.
/// </summary>
public sealed record PlanStep(StepKind Kind, DmName Name, DeviceNumber? Number, PlanPhase Phase)
{
    public Table? Table { get; init; }

    public bool Flush { get; init; } = true;

    public DmName? NewName { get; init; }

    public DmUuid? Uuid { get; init; }

    /// <summary>Why the planner emitted it (which flag or rule), for logs and tests.</summary>
    public string? Reason { get; init; }

    /// <summary>The step in LVM2's words, e.g. "Loading table for vg-lvol0 (253:4)."</summary>
    public override string ToString() => DmLog.Describe(this);
}
