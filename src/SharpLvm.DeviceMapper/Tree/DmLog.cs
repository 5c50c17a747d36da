using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>Log levels as LVM2 prints them with -v (Verbose) and -vvvv (Debug).</summary>
public enum DmLogLevel
{
    Error = 0,
    Warning = 1,
    Notice = 2,
    Verbose = 3,
    Debug = 4,
}

/// <summary>Receives the executor's and planner's log lines.</summary>
public delegate void DmLogSink(DmLogLevel level, string message);

/// <summary>The messages of libdm's deptree (lvm2-reference §1.11), word for word.</summary>
public static class DmLog
{
    public static string Describe(PlanStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        string id = Id(step.Name, step.Number);
        return step.Kind switch
        {
            StepKind.Create => $"Creating {step.Name}",
            StepKind.Load => $"Loading table for {id}.",
            StepKind.ClearInactive => $"Clearing inactive table {id}",
            StepKind.Suspend => $"Suspending {id}{(step.Flush ? " with device flush" : "")}",
            StepKind.Resume => $"Resuming {id}.",
            StepKind.Rename => $"Renaming {id} to {step.NewName}",
            StepKind.Remove => $"Removing {id}",
            _ => step.Kind.ToString(),
        };
    }

    public static string Id(DmName name, DeviceNumber? number) => number is { } n ? $"{name} ({n})" : name.ToString();

    public static string AddingTarget(DeviceNumber? number, string line) => $"Adding target to ({number}): {line}";

    public static string Suppressed(DmName name, DeviceNumber? number) => $"Suppressed {Id(name, number)} identical table reload.";

    public static string Reverting(DmName name) => $"Reverting {name}.";
}
