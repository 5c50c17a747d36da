namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>
/// Numbers the writes of one or more <see cref="FaultInjectingBlockDevice"/>s and decides which of them a
/// simulated crash drops or tears. Shared by several devices, it simulates a crash of a whole command that
/// writes to many PVs: every write after the N-th, on any of them, is lost. Writes are numbered from 1.
/// </summary>
public sealed class WriteClock
{
    private long _seen;
    private long _stopAfter = long.MaxValue;
    private long _tearAt;

    /// <summary>Writes numbered so far (including failed, dropped and torn ones).</summary>
    public long WritesSeen => Interlocked.Read(ref _seen);

    /// <summary>Whether writes are being dropped (a crash was simulated and its point passed).</summary>
    public bool Crashed => WritesSeen >= Interlocked.Read(ref _stopAfter);

    /// <summary>Simulates a crash: writes after the <paramref name="count"/>-th are dropped silently (0 drops all).</summary>
    public void StopWritesAfter(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Exchange(ref _stopAfter, count);
    }

    /// <summary>Tears the <paramref name="writeNumber"/>-th write (1-based): only the first half of its bytes land.</summary>
    public void TearWrite(long writeNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writeNumber, 1);
        Interlocked.Exchange(ref _tearAt, writeNumber);
    }

    /// <summary>Removes the crash and the tear; the count is kept.</summary>
    public void Clear()
    {
        Interlocked.Exchange(ref _stopAfter, long.MaxValue);
        Interlocked.Exchange(ref _tearAt, 0);
    }

    /// <summary>Numbers the next write and says what becomes of it.</summary>
    internal WriteFate Next()
    {
        long number = Interlocked.Increment(ref _seen);
        return number > Interlocked.Read(ref _stopAfter) ? WriteFate.Dropped
            : number == Interlocked.Read(ref _tearAt) ? WriteFate.Torn
            : WriteFate.Applied;
    }
}

/// <summary>What a <see cref="WriteClock"/> decides for one write.</summary>
internal enum WriteFate
{
    Applied,
    Torn,
    Dropped,
}
