using SharpLvm.DeviceMapper.Safety;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Trace;

/// <summary>What verify-trace found: the operations read and the checker's verdict, each violation with its log line.</summary>
public sealed record TraceReport(IReadOnlyList<TraceStep> Steps, SafetyReport Safety)
{
    public IReadOnlyList<Violation> Violations => Safety.Violations;

    public bool IsSafe => Safety.IsSafe;

    public override string ToString() => $"{Steps.Count} device-mapper operations; {Safety}";
}

/// <summary>
/// verify-trace: replays the device-mapper operations of a real LVM2 <c>-vvvv</c> log on the safety model,
/// starting from an optional start state (<see cref="StateFile"/>; without one, from no devices), and
/// reports each unsafe step with its log line. Loads while suspended are warnings here (LVM2 did them
/// until 2011); everything else is an error.
/// </summary>
public static class TraceVerifier
{
    public static TraceReport Verify(string log, string? state = null)
    {
        var start = string.IsNullOrWhiteSpace(state) ? DmState.Empty : StateFile.Parse(state);
        return Verify(TraceParser.Parse(log), start);
    }

    public static TraceReport Verify(IReadOnlyList<TraceStep> steps, DmState start)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var report = SafetyChecker.Check(start, [.. steps.Select(s => s.Step)], CheckMode.Trace, null, [.. steps.Select(s => s.LineNumber)]);
        return new TraceReport(steps, report);
    }

    public static TraceReport VerifyFile(string logPath, string? statePath = null) =>
        Verify(File.ReadAllText(logPath), statePath is null ? null : File.ReadAllText(statePath));
}
