using SharpLvm.DeviceMapper.Safety;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// An ordered list of device-mapper operations that takes <see cref="Initial"/> to <see cref="Expected"/>,
/// with the tree it was planned from (flags and all) and the safety checker's verdict on it.
/// </summary>
public sealed class Plan
{
    internal Plan(DeviceTree tree, IReadOnlyList<PlanStep> steps, ExpectedState expected, SafetyReport safety)
    {
        Tree = tree;
        Steps = steps;
        Expected = expected;
        Safety = safety;
    }

    public DeviceTree Tree { get; }

    public DmState Initial => Tree.Initial;

    public IReadOnlyList<PlanStep> Steps { get; }

    public ExpectedState Expected { get; }

    public SafetyReport Safety { get; }

    /// <summary>The steps in LVM2's words, one a line.</summary>
    public override string ToString() => string.Join('\n', Steps);
}
