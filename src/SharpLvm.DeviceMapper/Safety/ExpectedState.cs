using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Safety;

/// <summary>What rule (5) compares the final state with: a table per device that must exist, null for one that must be gone.</summary>
public sealed class ExpectedState
{
    private readonly Dictionary<DmName, Table?> _devices;

    public ExpectedState()
        : this(0)
    {
    }

    /// <summary>An empty expectation with room for <paramref name="capacity"/> devices.</summary>
    public ExpectedState(int capacity) => _devices = new(capacity);

    public IReadOnlyDictionary<DmName, Table?> Devices => _devices;

    public ExpectedState Exists(DmName name, Table table)
    {
        _devices[name] = table;
        return this;
    }

    public ExpectedState Absent(DmName name)
    {
        _devices[name] = null;
        return this;
    }
}
