using System.Text.RegularExpressions;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Trace;

/// <summary>One device-mapper operation read from a log, with the 1-based line it starts on.</summary>
public sealed record TraceStep(int LineNumber, PlanStep Step);

/// <summary>
/// Reads the device-mapper operations of an LVM2 <c>-vvvv</c> log. Both prefixes are understood: the
/// current <c>&lt;time&gt; &lt;cmd&gt;[pid] &lt;file&gt;:&lt;line&gt;  &lt;msg&gt;</c> and the old
/// <c>#&lt;file&gt;:&lt;line&gt;  &lt;msg&gt;</c>; only libdm's lines count. A load is "Loading table for X (M:m)."
/// (or the old "Loading X table") followed by its "Adding target" lines; a following "Suppressed ...
/// identical table reload." or a failed reload ioctl cancels it. A created device gets the number the
/// log gives it next.
/// </summary>
public static partial class TraceParser
{
    public static IReadOnlyList<TraceStep> Parse(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var steps = new List<TraceStep>();
        PendingLoad? pending = null;
        string[] lines = log.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            if (Message(lines[i]) is not { } msg)
            {
                continue;
            }
            if (AddingTarget().Match(msg) is { Success: true } add)
            {
                pending?.Lines.Add(TraceTables.ParseLine(add.Groups["line"].Value, $"log line {lineNumber}"));
                continue;
            }
            if (TableSizeChanged().IsMatch(msg))
            {
                continue;
            }
            if (Suppressed().IsMatch(msg) || FailedReload().IsMatch(msg))
            {
                pending = null;
                continue;
            }
            var step = Operation(msg);
            if (step is null && !LoadStart(msg, out _, out _))
            {
                continue;
            }
            Flush(ref pending, steps);
            if (LoadStart(msg, out var name, out var number))
            {
                pending = new PendingLoad(lineNumber, name, number);
            }
            else
            {
                steps.Add(new TraceStep(lineNumber, step!));
            }
        }
        Flush(ref pending, steps);
        return NumberCreatedDevices(steps);
    }

    private static string? Message(string line)
    {
        var m = CurrentPrefix().Match(line);
        if (!m.Success)
        {
            m = OldPrefix().Match(line);
        }
        return m.Success && m.Groups["file"].Value.Contains("libdm", StringComparison.Ordinal) ? m.Groups["msg"].Value.Trim() : null;
    }

    private static PlanStep? Operation(string msg)
    {
        if (Creating().Match(msg) is { Success: true } c)
        {
            return new PlanStep(StepKind.Create, DmName.Parse(c.Groups["name"].Value), null, PlanPhase.Preload);
        }
        if (Suspending().Match(msg) is { Success: true } s)
        {
            return Step(StepKind.Suspend, s, PlanPhase.Suspend) with { Flush = s.Groups["rest"].Value.Contains("with device flush", StringComparison.Ordinal) };
        }
        if (Resuming().Match(msg) is { Success: true } r)
        {
            return Step(StepKind.Resume, r, PlanPhase.Resume);
        }
        if (Removing().Match(msg) is { Success: true } rm)
        {
            return Step(StepKind.Remove, rm, PlanPhase.Remove);
        }
        if (Renaming().Match(msg) is { Success: true } rn)
        {
            return Step(StepKind.Rename, rn, PlanPhase.Resume) with { NewName = DmName.Parse(rn.Groups["new"].Value) };
        }
        if (Clearing().Match(msg) is { Success: true } cl)
        {
            return Step(StepKind.ClearInactive, cl, PlanPhase.Preload);
        }
        return null;
    }

    private static PlanStep Step(StepKind kind, Match m, PlanPhase phase) =>
        new(kind, DmName.Parse(m.Groups["name"].Value), Number(m), phase);

    private static DeviceNumber? Number(Match m) =>
        m.Groups["num"].Success && DeviceNumber.TryParse(m.Groups["num"].Value, out var n) ? n : null;

    private static bool LoadStart(string msg, out DmName name, out DeviceNumber? number)
    {
        var m = LoadingTable().Match(msg);
        if (!m.Success)
        {
            m = LoadingOld().Match(msg);
        }
        name = m.Success ? DmName.Parse(m.Groups["name"].Value) : default;
        number = m.Success ? Number(m) : null;
        return m.Success;
    }

    private static void Flush(ref PendingLoad? pending, List<TraceStep> steps)
    {
        if (pending is { Lines.Count: > 0 } p)
        {
            var table = TraceTables.Build(p.Lines, $"log line {p.LineNumber}");
            steps.Add(new TraceStep(p.LineNumber, new PlanStep(StepKind.Load, p.Name, p.Number, PlanPhase.Preload) { Table = table }));
        }
        pending = null;
    }

    /// <summary>"Creating X" names no number; the next step naming X with a number gives it.</summary>
    private static List<TraceStep> NumberCreatedDevices(List<TraceStep> steps)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i].Step;
            if (step.Kind != StepKind.Create || step.Number is not null)
            {
                continue;
            }
            for (int j = i + 1; j < steps.Count; j++)
            {
                var later = steps[j].Step;
                if (later.Name == step.Name && later.Number is { } n)
                {
                    steps[i] = steps[i] with { Step = step with { Number = n } };
                    break;
                }
                if (later.Name == step.Name && later.Kind == StepKind.Remove)
                {
                    break;
                }
            }
        }
        return steps;
    }

    private sealed record PendingLoad(int LineNumber, DmName Name, DeviceNumber? Number)
    {
        public List<TargetLine> Lines { get; } = [];
    }

    [GeneratedRegex(@"^\s*\d[\d:.]*\s+\S+\[\d+\]\s+(?<file>\S+):\d+\s+(?<msg>.*)$")]
    private static partial Regex CurrentPrefix();

    [GeneratedRegex(@"^\s*#(?<file>\S+):\d+\s+(?<msg>.*)$")]
    private static partial Regex OldPrefix();

    [GeneratedRegex(@"^Adding target(?: to \((?<num>\d+:\d+)\))?: (?<line>.*)$")]
    private static partial Regex AddingTarget();

    [GeneratedRegex(@"^Table size changed from ")]
    private static partial Regex TableSizeChanged();

    [GeneratedRegex(@"^Suppressed \S+ (?:\(\d+:\d+\) )?identical table reload\.?$")]
    private static partial Regex Suppressed();

    [GeneratedRegex(@"reload ioctl .*failed")]
    private static partial Regex FailedReload();

    [GeneratedRegex(@"^Creating (?<name>\S+)$")]
    private static partial Regex Creating();

    [GeneratedRegex(@"^Loading table for (?<name>\S+) \((?<num>\d+:\d+)\)\.?$")]
    private static partial Regex LoadingTable();

    [GeneratedRegex(@"^Loading (?<name>\S+) table(?: \((?<num>\d+:\d+)\))?$")]
    private static partial Regex LoadingOld();

    [GeneratedRegex(@"^Suspending (?<name>\S+) \((?<num>\d+:\d+)\)(?<rest>.*)$")]
    private static partial Regex Suspending();

    [GeneratedRegex(@"^Resuming (?<name>\S+) \((?<num>\d+:\d+)\)\.?$")]
    private static partial Regex Resuming();

    [GeneratedRegex(@"^Removing (?<name>\S+) \((?<num>\d+:\d+)\)$")]
    private static partial Regex Removing();

    [GeneratedRegex(@"^Renaming (?<name>\S+) \((?<num>\d+:\d+)\) to (?<new>\S+)$")]
    private static partial Regex Renaming();

    [GeneratedRegex(@"^Clearing inactive table (?<name>\S+) \((?<num>\d+:\d+)\)$")]
    private static partial Regex Clearing();
}
