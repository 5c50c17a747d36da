using System.Buffers;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Mirror;

internal sealed partial class MirrorIo
{
    /// <summary>kcopyd's default sub-job size: recovery copies a region in pieces of at most 512 KiB.</summary>
    private const int CopyPieceBytes = 512 * 1024;

    /// <summary>How long the worker lets cleanable regions gather before it writes them clean.</summary>
    private static readonly TimeSpan CleanInterval = TimeSpan.FromMilliseconds(50);

    private readonly object _workerSignal = new();
    private Thread? _worker;
    private bool _stopWorker;

    /// <summary>dm_rh_update_states: regions whose writes all finished become clean (legs flushed first), then the log is flushed.</summary>
    public void UpdateStates()
    {
        lock (_lock)
        {
            foreach (ulong region in _toClean)
            {
                if (_log.InSync(region))
                {
                    _log.MarkClean(region);
                }
            }
            _toClean.Clear();
            _log.Flush(FlushLegs);
        }
    }

    /// <summary>
    /// Recovers the next out-of-sync region (ascending from the cursor, which resume resets): waits for its
    /// writes to drain, holds new ones, copies it from the default leg to every other leg. False when there is
    /// nothing to do or the mirror is suspended.
    /// </summary>
    public bool RecoverOne()
    {
        ulong region;
        int source;
        lock (_lock)
        {
            if (!_running || _log.NextResyncWork() is not { } next)
            {
                if (_running)
                {
                    ReportSyncDone();
                }
                return false;
            }
            region = next;
            _recovering = region;
            while (_pending.ContainsKey(region))
            {
                Monitor.Wait(_lock);
            }
            source = _default;
        }
        var (readFailed, writeFailed) = CopyRegion(region, source);
        if (readFailed)
        {
            FailLeg(source, LegErrors.Sync);
        }
        for (int i = 0; i < _legs.Length; i++)
        {
            if (writeFailed[i])
            {
                FailLeg(i, LegErrors.Sync);
            }
        }
        lock (_lock)
        {
            bool ok = !readFailed && !writeFailed.Contains(true);
            if (ok)
            {
                _log.MarkClean(region);
            }
            // Without handle_errors a failed recovery still marks the region in sync, as the kernel does.
            _log.SetInSync(region, ok || !_target.HandleErrors);
            _recovering = null;
            Monitor.PulseAll(_lock);
            _log.Flush(FlushLegs);
            ReportSyncDone();
        }
        return true;
    }

    private (bool ReadFailed, bool[] WriteFailed) CopyRegion(ulong region, int source)
    {
        var start = RegionStart(region);
        var length = Sectors.Min(_target.Log.RegionSize, _length - start);
        var writeFailed = new bool[_legs.Length];
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min((ulong)CopyPieceBytes, length.Bytes));
        Span<bool> others = stackalloc bool[_legs.Length];
        Span<bool> failed = stackalloc bool[_legs.Length];
        others.Fill(true);
        others[source] = false;
        try
        {
            var done = Sectors.Zero;
            while (done < length)
            {
                int n = (int)Math.Min((ulong)buffer.Length, (length - done).Bytes);
                var span = buffer.AsSpan(0, n);
                var at = start + done;
                try
                {
                    _legs[source].Device.Read(_legs[source].Spec.Offset + at, span);
                }
                catch (StorageException)
                {
                    return (true, writeFailed);
                }
                LegWriter.Write(_legs, others, at, span, failed);
                for (int i = 0; i < _legs.Length; i++)
                {
                    writeFailed[i] |= failed[i];
                }
                done += new Sectors((ulong)n >> Sectors.SectorShift);
            }
            return (false, writeFailed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The first time every region is in sync: an event, and every leg's errors are forgotten.</summary>
    private void ReportSyncDone()
    {
        if (_syncReported || _log.SyncCount != _log.RegionCount)
        {
            return;
        }
        _syncReported = true;
        foreach (var leg in _legs)
        {
            leg.ErrorCount = 0;
            leg.Errors = LegErrors.None;
        }
        _raiseEvent();
    }

    /// <summary>Drives cleaning and recovery once: true when a region was recovered.</summary>
    public bool Step()
    {
        UpdateStates();
        return RecoverOne();
    }

    public void PreSuspend()
    {
        lock (_lock)
        {
            _running = false;
            while (_recovering is not null)
            {
                Monitor.Wait(_lock);
            }
        }
        StopWorker();
        UpdateStates();
    }

    public void PostSuspend() => UpdateStates();

    public void Resume()
    {
        lock (_lock)
        {
            _log.Resume();
            _running = true;
            ReportSyncDone();
        }
        if (_background)
        {
            StartWorker();
        }
    }

    private void StartWorker()
    {
        lock (_lock)
        {
            if (_worker is not null)
            {
                return;
            }
            lock (_workerSignal)
            {
                _stopWorker = false;
            }
            _worker = new Thread(WorkerLoop) { IsBackground = true, Name = $"kmirrord {_name}" };
            _worker.Start();
        }
    }

    private void StopWorker()
    {
        Thread? worker;
        lock (_lock)
        {
            worker = _worker;
            _worker = null;
        }
        lock (_workerSignal)
        {
            _stopWorker = true;
            Monitor.PulseAll(_workerSignal);
        }
        worker?.Join();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            lock (_workerSignal)
            {
                if (_stopWorker)
                {
                    return;
                }
            }
            bool recovered;
            try
            {
                recovered = Step();
            }
            catch (StorageException)
            {
                recovered = false;
            }
            if (!recovered)
            {
                lock (_workerSignal)
                {
                    if (!_stopWorker)
                    {
                        Monitor.Wait(_workerSignal, CleanInterval);
                    }
                }
            }
        }
    }

    public void Dispose() => StopWorker();
}
