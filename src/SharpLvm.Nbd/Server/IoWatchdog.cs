namespace SharpLvm.Nbd.Server;

/// <summary>
/// Watches the two waits a client controls — a reply send (the client must read) and a write payload
/// (the client must send it) — and fires when one lasts longer than the I/O timeout. Waiting for the
/// device is never watched: a suspended device may hold requests as long as it likes.
/// </summary>
internal sealed class IoWatchdog : IDisposable
{
    private readonly long _timeoutMs;
    private readonly Action _onTimeout;
    private readonly Timer _timer;
    private long _sendSince;
    private long _receiveSince;

    public IoWatchdog(TimeSpan timeout, Action onTimeout)
    {
        _timeoutMs = Math.Max(1, (long)timeout.TotalMilliseconds);
        _onTimeout = onTimeout;
        long period = Math.Clamp(_timeoutMs / 4, 10, 1000);
        _timer = new Timer(_ => Check(), null, period, period);
    }

    public void BeginSend() => Volatile.Write(ref _sendSince, Now());

    public void EndSend() => Volatile.Write(ref _sendSince, 0);

    public void BeginReceive() => Volatile.Write(ref _receiveSince, Now());

    public void EndReceive() => Volatile.Write(ref _receiveSince, 0);

    private static long Now() => Math.Max(1, Environment.TickCount64);

    private void Check()
    {
        long now = Environment.TickCount64;
        long send = Volatile.Read(ref _sendSince), receive = Volatile.Read(ref _receiveSince);
        if ((send != 0 && now - send > _timeoutMs) || (receive != 0 && now - receive > _timeoutMs))
        {
            _onTimeout();
        }
    }

    public void Dispose() => _timer.Dispose();
}
