namespace SharpLvm.Tests.Reliability.Live;

/// <summary>The death of the command process at a crash point: nothing after it runs (not a StorageException, so no revert catches it).</summary>
internal sealed class SimulatedCrash(string at) : Exception($"simulated crash at {at}");

/// <summary>
/// Numbers the steps of one live command, metadata writes and device-mapper operations alike, in the order
/// they happen, and kills the command at a chosen step: <see cref="DieAfter"/>(k) lets steps 1..k happen and
/// throws <see cref="SimulatedCrash"/> at step k+1 and at every step after it; <see cref="TearAt"/>(k) lets
/// only the first half of write k land, then dies. The uncrashed run records what each step was.
/// </summary>
internal sealed class CrashSwitch
{
    private readonly Lock _lock = new();
    private long _steps;
    private long _dieAfter = long.MaxValue;
    private long _tearAt;
    private bool _dead;

    public List<(string What, bool IsWrite)> Steps { get; } = [];

    public bool Dead
    {
        get
        {
            lock (_lock)
            {
                return _dead;
            }
        }
    }

    public static CrashSwitch DieAfter(long k) => new() { _dieAfter = k };

    public static CrashSwitch TearAt(long k) => new() { _dieAfter = k, _tearAt = k };

    /// <summary>Numbers one step; throws when the command is dead; true when this write must be torn (the caller writes half, then dies).</summary>
    public bool Step(string what, bool isWrite)
    {
        lock (_lock)
        {
            if (_dead)
            {
                throw new SimulatedCrash($"{what} (after the crash)");
            }
            long n = ++_steps;
            if (isWrite && n == _tearAt)
            {
                _dead = true;
                return true;
            }
            if (n > _dieAfter)
            {
                _dead = true;
                throw new SimulatedCrash($"step {n}: {what}");
            }
            Steps.Add((what, isWrite));
            return false;
        }
    }
}
