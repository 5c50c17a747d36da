namespace SharpLvm.Nbd.Server;

/// <summary>
/// Dedicated threads for device I/O, which is synchronous and may block for as long as a device stays suspended.
/// Unlike the thread pool, which adds a thread only every half second or so once its threads are all blocked,
/// this starts a thread at once whenever work is queued and no idle thread is waiting: a suspended export
/// holding its requests never delays another export's I/O, nor the sockets' own continuations (which stay on
/// the thread pool). Threads are reused, and one idle for <see cref="IdleTimeout"/> ends. Beyond
/// <see cref="MaxThreads"/> work waits in order for a free thread.
/// </summary>
public sealed class DeviceWorkers
{
    /// <summary>The workers every server uses unless its options name others.</summary>
    public static DeviceWorkers Shared { get; } = new();

    private readonly object _gate = new();
    private readonly Queue<Action> _work = new();
    private int _threads;
    private int _waiting;
    private int _busy;

    public DeviceWorkers(int maxThreads = 1024, TimeSpan? idleTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
        IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(10);
    }

    public int MaxThreads { get; }

    public TimeSpan IdleTimeout { get; }

    /// <summary>Threads alive now (running work or waiting for it).</summary>
    public int ThreadCount
    {
        get
        {
            lock (_gate)
            {
                return _threads;
            }
        }
    }

    /// <summary>Work items running right now.</summary>
    public int BusyCount => Volatile.Read(ref _busy);

    /// <summary>
    /// Runs <paramref name="work"/> on a worker thread. It must not throw: an escaping exception is a bug and ends
    /// the process, as an unhandled exception on any thread does.
    /// </summary>
    public void Queue(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        bool start = false;
        lock (_gate)
        {
            _work.Enqueue(work);
            if (_waiting > 0)
            {
                Monitor.Pulse(_gate);
            }
            // More queued than threads waiting to take it: one more thread, now (a pulsed thread still counts
            // as waiting until it wakes, so two quick items with one idle thread start a second one).
            if (_work.Count > _waiting && _threads < MaxThreads)
            {
                _threads++;
                start = true;
            }
        }
        if (start)
        {
            new Thread(Loop) { IsBackground = true, Name = "nbd device I/O" }.Start();
        }
    }

    private void Loop()
    {
        while (true)
        {
            Action work;
            lock (_gate)
            {
                while (_work.Count == 0)
                {
                    _waiting++;
                    bool woken = Monitor.Wait(_gate, IdleTimeout);
                    _waiting--;
                    if (!woken && _work.Count == 0)
                    {
                        _threads--;
                        return;
                    }
                }
                work = _work.Dequeue();
            }
            Interlocked.Increment(ref _busy);
            try
            {
                work();
            }
            finally
            {
                Interlocked.Decrement(ref _busy);
            }
        }
    }
}
