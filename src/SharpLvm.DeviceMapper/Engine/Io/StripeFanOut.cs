using System.Runtime.ExceptionServices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>
/// Runs one large striped request with every stripe's part in flight at once, as the kernel's split bios go
/// to each stripe's queue independently: the caller does the first stripe, the thread pool the others; a
/// queued stripe no pool thread has started by then is run by the caller, so a starved pool never blocks
/// the request. A stripe's chunks of one request are contiguous on its device, so each stripe's part is one
/// vectored I/O.
/// </summary>
internal static class StripeFanOut
{
    /// <summary>From this request size on, stripes are done in parallel (below it a thread hop costs more than it saves).</summary>
    public const int ParallelBytes = 256 * 1024;

    /// <summary>One chunk: the stripe, its sector on that stripe's device, and its place in the request buffer.</summary>
    public readonly record struct Piece(int Stripe, Sectors Physical, int BufferOffset, int Length);

    /// <summary>
    /// Calls <paramref name="io"/> once per stripe with that stripe's pieces in request order, stripes in parallel;
    /// <paramref name="onError"/> is told which stripe failed. The first exception is rethrown once all are done.
    /// </summary>
    public static void Run(IReadOnlyList<Piece> pieces, int stripes, Action<List<Piece>> io, Action<int> onError)
    {
        var byStripe = new List<Piece>[stripes];
        foreach (Piece p in pieces)
        {
            (byStripe[p.Stripe] ??= []).Add(p);
        }
        var work = new List<StripeWork>(stripes);
        using var batch = new CountdownEvent(1);
        StripeWork? mine = null;
        foreach (List<Piece>? list in byStripe)
        {
            if (list is null)
            {
                continue;
            }
            if (mine is null)
            {
                mine = new StripeWork(list, io, onError, null);
                continue;
            }
            var w = new StripeWork(list, io, onError, batch);
            batch.AddCount();
            work.Add(w);
            ThreadPool.UnsafeQueueUserWorkItem(w, preferLocal: false);
        }
        try
        {
            mine?.Execute();
        }
        finally
        {
            // The caller's buffer must outlive every stripe's I/O: run what no pool thread took, then wait.
            foreach (StripeWork w in work)
            {
                w.Execute();
            }
            batch.Signal();
            batch.Wait();
        }
        mine?.Error?.Throw();
        foreach (StripeWork w in work)
        {
            w.Error?.Throw();
        }
    }

    private sealed class StripeWork(List<Piece> pieces, Action<List<Piece>> io, Action<int> onError, CountdownEvent? batch)
        : IThreadPoolWorkItem
    {
        private int _claimed;

        public ExceptionDispatchInfo? Error { get; private set; }

        public void Execute()
        {
            if (Interlocked.Exchange(ref _claimed, 1) != 0)
            {
                return;
            }
            try
            {
                io(pieces);
            }
            catch (StorageException e)
            {
                onError(pieces[0].Stripe);
                Error = ExceptionDispatchInfo.Capture(e);
            }
#pragma warning disable CA1031 // Carried to the caller's thread and rethrown there.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                batch?.Signal();
            }
        }
    }
}
