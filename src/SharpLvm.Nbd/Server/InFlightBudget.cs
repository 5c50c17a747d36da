namespace SharpLvm.Nbd.Server;

/// <summary>
/// Bounds the requests and buffer bytes one connection has in flight. One reader acquires; any thread
/// releases. A request larger than the byte budget is admitted alone, so the largest payload always fits.
/// </summary>
internal sealed class InFlightBudget
{
    private readonly object _gate = new();
    private readonly int _maxRequests;
    private readonly long _maxBytes;
    private int _requests;
    private long _bytes;
    private long _wantedBytes;
    private TaskCompletionSource? _waiter;
    private TaskCompletionSource? _idle;

    public InFlightBudget(int maxRequests, long maxBytes)
    {
        _maxRequests = Math.Max(1, maxRequests);
        _maxBytes = Math.Max(0, maxBytes);
    }

    public async ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        Task wait;
        lock (_gate)
        {
            if (Fits(bytes))
            {
                Take(bytes);
                return;
            }
            _wantedBytes = bytes;
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _waiter.Task;
        }
        try
        {
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (_waiter is null)
                {
                    // Granted at the same moment: give it back.
                    Release(bytes);
                }
                _waiter = null;
            }
            throw;
        }
    }

    public void Release(long bytes)
    {
        TaskCompletionSource? wake = null, idle = null;
        lock (_gate)
        {
            _requests--;
            _bytes -= bytes;
            if (_waiter is not null && Fits(_wantedBytes))
            {
                Take(_wantedBytes);
                wake = _waiter;
                _waiter = null;
            }
            if (_requests == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }
        wake?.TrySetResult();
        idle?.TrySetResult();
    }

    /// <summary>Completes when nothing is in flight.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_requests == 0)
            {
                return Task.CompletedTask;
            }
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private bool Fits(long bytes) => _requests == 0 || (_requests < _maxRequests && _bytes + bytes <= _maxBytes);

    private void Take(long bytes)
    {
        _requests++;
        _bytes += bytes;
    }
}
