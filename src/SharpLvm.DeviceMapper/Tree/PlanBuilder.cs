using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Safety;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// Emits the steps of one plan. Every emitted step is applied at once to a <see cref="SafetyModel"/>:
/// the planner asks it whether an early resume would share an exclusive claim, and the same replay,
/// finished with the expected state, is the plan's safety report.
/// </summary>
internal sealed partial class PlanBuilder(DeviceTree tree, DmLogSink? log)
{
    private readonly List<PlanStep> _steps = new(tree.Nodes.Count * 2);
    private readonly SafetyModel _model = new(tree.Initial, CheckMode.Plan, tree.Nodes.Count - tree.Initial.Devices.Count);

    public Plan Build()
    {
        Preload();
        SuspendWalk();
        ResumeWalk();
        RemoveWalk();
        var expected = Expected();
        _model.Finish(expected);
        return new Plan(tree, _steps, expected, new SafetyReport(_model.Violations, _model.ToState));
    }

    private void Emit(StepKind kind, DeviceNode node, PlanPhase phase, string reason, Table? table = null, bool flush = true)
    {
        var step = new PlanStep(kind, CurrentName(node), node.Number, phase)
        {
            Table = table,
            Flush = flush,
            Uuid = kind == StepKind.Create ? node.Uuid : null,
            NewName = kind == StepKind.Rename ? node.NewName : null,
            Reason = reason,
        };
        _model.Apply(step, _steps.Count);
        _steps.Add(step);
    }

    /// <summary>Per node (by <see cref="DeviceNode.Index"/>): renamed already.</summary>
    private readonly bool[] _renamed = new bool[tree.Nodes.Count];

    private DmName CurrentName(DeviceNode node) => node.Index >= 0 && _renamed[node.Index] ? node.FinalName : node.Name!.Value;

    private bool Logging => log is not null;

    private void Debug(string message) => log?.Invoke(DmLogLevel.Debug, message);

    private ExpectedState Expected()
    {
        var expected = new ExpectedState(tree.Nodes.Count);
        foreach (var node in tree.Nodes)
        {
            if (node.Has(NodeFlags.External))
            {
                continue;
            }
            if (node.Has(NodeFlags.Remove))
            {
                expected.Absent(node.FinalName);
            }
            else if (node.TargetTable is { } table)
            {
                expected.Exists(node.FinalName, table);
            }
        }
        return expected;
    }

    /// <summary>Nodes in tree order that satisfy <paramref name="predicate"/>.</summary>
    private List<DeviceNode> Select(Func<DeviceNode, bool> predicate)
    {
        var selected = new List<DeviceNode>();
        foreach (var node in tree.Nodes)
        {
            if (predicate(node))
            {
                selected.Add(node);
            }
        }
        return selected;
    }
}
