namespace SharpLvm.DeviceMapper.Safety;

/// <summary>The invariants the checker proves for every step of a plan or trace.</summary>
public enum SafetyRule
{
    /// <summary>(1) A device claimed exclusively is used by two live tables of devices that are not suspended.</summary>
    SharedExclusiveClaim = 1,
    /// <summary>(2) A table is loaded while a device is suspended.</summary>
    LoadWhileSuspended = 2,
    /// <summary>(3) A device is left suspended at the end.</summary>
    LeftSuspended = 3,
    /// <summary>(4) A live table uses a device that does not exist.</summary>
    MissingDevice = 4,
    /// <summary>(5) The final live state differs from the desired one.</summary>
    FinalStateMismatch = 5,
    /// <summary>A step that cannot be applied (load into a missing device, create of an existing name, ...).</summary>
    InvalidStep = 6,
}

public enum Severity
{
    Warning,
    Error,
}

/// <summary>
/// One broken rule: the step index (in the plan, or in the trace's list of operations; -1 for the final
/// state) and, for traces, the log line number of that step.
/// </summary>
public sealed record Violation(SafetyRule Rule, Severity Severity, int StepIndex, string Message)
{
    /// <summary>1-based line of the log the step came from (trace verification), else null.</summary>
    public int? LineNumber { get; init; }

    public override string ToString()
    {
        string where = LineNumber is { } line ? $"line {line}" : StepIndex >= 0 ? $"step {StepIndex}" : "final state";
        return $"{Severity} {where} [{Rule}]: {Message}";
    }
}
