namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// The suspend gate of one device: I/O enters and leaves; <see cref="Block"/> makes new I/O wait,
/// <see cref="WaitDrained"/> waits for the I/O already inside, <see cref="Unblock"/> lets the waiters in.
/// The fast path is one interlocked increment and one decrement.
/// </summary>
internal sealed class IoGate
{
    private readonly object _sync = new();
    private long _inFlight;
    private int _blocked;

    public bool IsBlocked => Volatile.Read(ref _blocked) != 0;

    public void Enter()
    {
        while (true)
        {
            Interlocked.Increment(ref _inFlight);
            if (Volatile.Read(ref _blocked) == 0)
            {
                return;
            }
            Exit();
            lock (_sync)
            {
                while (Volatile.Read(ref _blocked) != 0)
                {
                    Monitor.Wait(_sync);
                }
            }
        }
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _blocked) != 0)
        {
            lock (_sync)
            {
                Monitor.PulseAll(_sync);
            }
        }
    }

    public void Block() => Interlocked.Exchange(ref _blocked, 1);

    public void WaitDrained()
    {
        lock (_sync)
        {
            while (Interlocked.Read(ref _inFlight) != 0)
            {
                Monitor.Wait(_sync);
            }
        }
    }

    public void Unblock()
    {
        lock (_sync)
        {
            Interlocked.Exchange(ref _blocked, 0);
            Monitor.PulseAll(_sync);
        }
    }
}
