using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Safety;

/// <summary>The result of a replay: every violation (errors and warnings) and the state at the end.</summary>
public sealed class SafetyReport
{
    private readonly Lazy<DmState> _final;

    public SafetyReport(IReadOnlyList<Violation> violations, Func<DmState> final)
    {
        Violations = violations;
        _final = new Lazy<DmState>(final);
    }

    public IReadOnlyList<Violation> Violations { get; }

    /// <summary>The devices after the last step (built on first use).</summary>
    public DmState Final => _final.Value;

    public IEnumerable<Violation> Errors => Violations.Where(v => v.Severity == Severity.Error);

    public IEnumerable<Violation> Warnings => Violations.Where(v => v.Severity == Severity.Warning);

    /// <summary>True when no rule is broken at error severity.</summary>
    public bool IsSafe => !Errors.Any();

    public override string ToString() => IsSafe && Violations.Count == 0 ? "safe" : string.Join('\n', Violations);
}

/// <summary>
/// Replays steps on a <see cref="SafetyModel"/> and proves the five rules: (1) no exclusively claimed
/// device is used by two live tables of unsuspended devices at any moment; (2) no table load while a
/// device is suspended; (3) nothing left suspended; (4) no live table uses a missing device; (5) the final
/// live state is the expected one.
/// </summary>
public static class SafetyChecker
{
    public static SafetyReport Check(DmState initial, IReadOnlyList<PlanStep> steps, CheckMode mode = CheckMode.Plan,
        ExpectedState? expected = null, IReadOnlyList<int>? lines = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var model = new SafetyModel(initial, mode);
        for (int i = 0; i < steps.Count; i++)
        {
            model.Apply(steps[i], i, lines?[i]);
        }
        model.Finish(expected);
        return new SafetyReport(model.Violations, model.ToState);
    }

    /// <summary>Checks a plan against the state it was made from and the state it must reach.</summary>
    public static SafetyReport Check(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Check(plan.Initial, plan.Steps, CheckMode.Plan, plan.Expected);
    }
}
