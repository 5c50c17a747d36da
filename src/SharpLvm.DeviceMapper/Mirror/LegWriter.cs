using System.Runtime.ExceptionServices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>
/// Sends one write to several mirror legs at once, as dm-raid1 issues one bio per leg through dm-io and
/// waits for all: the caller writes the first leg itself while the others run on the thread pool with the
/// buffer pinned, and returns once every leg has finished. A queued leg write that no pool thread has
/// started by then is run by the caller, so a starved pool never blocks a write. Small writes go to the
/// legs one after another (a thread hop costs more than it saves).
/// </summary>
internal static class LegWriter
{
    /// <summary>From this size on, legs are written in parallel.</summary>
    public const int ParallelBytes = 64 * 1024;

    /// <summary>
    /// Writes <paramref name="buffer"/> at <paramref name="offset"/> (relative to each leg's start) to every
    /// leg whose <paramref name="send"/> flag is set; a leg whose write throws a <see cref="StorageException"/>
    /// gets its <paramref name="failed"/> flag set. Any other exception is rethrown after every leg finished.
    /// </summary>
    public static unsafe void Write(MirrorLeg[] legs, ReadOnlySpan<bool> send, Sectors offset, ReadOnlySpan<byte> buffer, Span<bool> failed)
    {
        int count = send.Count(true);
        if (count <= 1 || buffer.Length < ParallelBytes)
        {
            for (int i = 0; i < legs.Length; i++)
            {
                if (send[i])
                {
                    failed[i] = !TryWrite(legs[i], offset, buffer);
                }
            }
            return;
        }
        fixed (byte* data = buffer)
        {
            var batch = new LegWriteBatch(count - 1);
            var queued = new LegWrite?[legs.Length];
            int first = send.IndexOf(true);
            for (int i = first + 1; i < legs.Length; i++)
            {
                if (send[i])
                {
                    queued[i] = new LegWrite(batch, legs[i], offset, data, buffer.Length);
                    ThreadPool.UnsafeQueueUserWorkItem(queued[i]!, preferLocal: false);
                }
            }
            try
            {
                failed[first] = !TryWrite(legs[first], offset, buffer);
            }
            finally
            {
                // The buffer stays pinned until no leg write can touch it any more.
                foreach (var write in queued)
                {
                    write?.Execute();
                }
                batch.Wait();
            }
            for (int i = 0; i < legs.Length; i++)
            {
                if (queued[i] is { } write)
                {
                    failed[i] = write.Failed;
                    write.Error?.Throw();
                }
            }
        }
    }

    private static bool TryWrite(MirrorLeg leg, Sectors offset, ReadOnlySpan<byte> buffer)
    {
        try
        {
            leg.Device.Write(leg.Spec.Offset + offset, buffer);
            return true;
        }
        catch (StorageException)
        {
            return false;
        }
    }

    /// <summary>One leg's write over a pinned buffer; runs once, on whichever thread claims it first.</summary>
    private sealed unsafe class LegWrite : IThreadPoolWorkItem
    {
        private readonly LegWriteBatch _batch;
        private readonly MirrorLeg _leg;
        private readonly Sectors _offset;
        private readonly byte* _data;
        private readonly int _length;
        private int _claimed;

        public LegWrite(LegWriteBatch batch, MirrorLeg leg, Sectors offset, byte* data, int length)
        {
            _batch = batch;
            _leg = leg;
            _offset = offset;
            _data = data;
            _length = length;
        }

        public bool Failed { get; private set; }

        public ExceptionDispatchInfo? Error { get; private set; }

        public void Execute()
        {
            if (Interlocked.Exchange(ref _claimed, 1) != 0)
            {
                return;
            }
            try
            {
                Failed = !TryWrite(_leg, _offset, new ReadOnlySpan<byte>(_data, _length));
            }
#pragma warning disable CA1031 // Carried to the caller's thread and rethrown there.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _batch.Done();
            }
        }
    }

    /// <summary>Counts the queued leg writes still running; the caller waits for the last.</summary>
    private sealed class LegWriteBatch(int count)
    {
        private readonly object _lock = new();
        private int _remaining = count;

        public void Done()
        {
            lock (_lock)
            {
                if (--_remaining == 0)
                {
                    Monitor.PulseAll(_lock);
                }
            }
        }

        public void Wait()
        {
            lock (_lock)
            {
                while (_remaining > 0)
                {
                    Monitor.Wait(_lock);
                }
            }
        }
    }
}
