using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>
/// dm-delay: each read, write (discards included) or flush waits its class's delay, then goes to that
/// class's device. Presuspend releases every waiting I/O and stops delaying until resume. Status counts
/// the I/Os waiting right now per class.
/// </summary>
internal sealed class DelayIo : ITargetIo
{
    private readonly DelayTarget _target;
    private readonly IBlockDevice _reads, _writes, _flushes;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private CancellationTokenSource _release = new();
    private int _readsDelayed, _writesDelayed, _flushesDelayed;

    public DelayIo(DelayTarget target, TargetContext context)
    {
        _target = target;
        _reads = context.Open(target.Reads.Device);
        _writes = context.Open(target.WritePath.Device);
        _flushes = context.Open(target.FlushPath.Device);
        _time = context.Options.Time;
    }

    private void Wait(uint milliseconds, ref int counter)
    {
        if (milliseconds == 0)
        {
            return;
        }
        CancellationToken token;
        lock (_lock)
        {
            token = _release.Token;
        }
        if (token.IsCancellationRequested)
        {
            return;
        }
        Interlocked.Increment(ref counter);
        try
        {
            Task.Delay(TimeSpan.FromMilliseconds(milliseconds), _time, token).ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
        }
        finally
        {
            Interlocked.Decrement(ref counter);
        }
    }

    public void Read(Sectors offset, Span<byte> buffer)
    {
        Wait(_target.Reads.Milliseconds, ref _readsDelayed);
        _reads.Read(_target.Reads.Offset + offset, buffer);
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        Wait(_target.WritePath.Milliseconds, ref _writesDelayed);
        _writes.Write(_target.WritePath.Offset + offset, buffer);
    }

    public void Flush()
    {
        Wait(_target.FlushPath.Milliseconds, ref _flushesDelayed);
        _flushes.Flush();
    }

    public void Discard(Sectors offset, Sectors length)
    {
        Wait(_target.WritePath.Milliseconds, ref _writesDelayed);
        _writes.Discard(_target.WritePath.Offset + offset, length);
    }

    public string Status() =>
        $"{Volatile.Read(ref _readsDelayed)} {Volatile.Read(ref _writesDelayed)} {Volatile.Read(ref _flushesDelayed)}";

    public void PreSuspend()
    {
        lock (_lock)
        {
            _release.Cancel();
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            if (_release.IsCancellationRequested)
            {
                _release.Dispose();
                _release = new CancellationTokenSource();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _release.Cancel();
            _release.Dispose();
        }
    }
}
