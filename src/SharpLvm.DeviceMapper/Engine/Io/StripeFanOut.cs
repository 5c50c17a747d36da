using System.Runtime.ExceptionServices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>
/// Runs the chunk I/Os of one large striped request with every stripe's chunks in flight at once, as the
/// kernel's split bios go to each stripe's queue independently: the caller does the first stripe's chunks,
/// the thread pool the others over the pinned buffer; a queued stripe no pool thread has started by then is
/// run by the caller, so a starved pool never blocks the request. Within a stripe, chunks keep their order.
/// </summary>
internal static class StripeFanOut
{
    /// <summary>From this request size on, stripes are done in parallel (below it a thread hop costs more than it saves).</summary>
    public const int ParallelBytes = 256 * 1024;

    /// <summary>One chunk: the stripe, its sector on that stripe's device, and its place in the request buffer.</summary>
    public readonly record struct Piece(int Stripe, Sectors Physical, int BufferOffset, int Length);

    /// <summary>
    /// Calls <paramref name="io"/> for every piece, stripes in parallel; <paramref name="onError"/> is told which
    /// stripe failed. The first <see cref="StorageException"/> (or other exception) is rethrown once all are done.
    /// </summary>
    public static unsafe void Run(IReadOnlyList<Piece> pieces, int stripes, byte* data, Action<Piece, IntPtr> io, Action<int> onError)
    {
        var byStripe = new List<Piece>[stripes];
        foreach (Piece p in pieces)
        {
            (byStripe[p.Stripe] ??= []).Add(p);
        }
        var work = new List<StripeWork>(stripes);
        var batch = new CountdownEvent(1);
        StripeWork? mine = null;
        foreach (List<Piece>? list in byStripe)
        {
            if (list is null)
            {
                continue;
            }
            if (mine is null)
            {
                mine = new StripeWork(list, data, io, onError, null);
                continue;
            }
            var w = new StripeWork(list, data, io, onError, batch);
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
            // The buffer stays pinned until no stripe can touch it any more.
            foreach (StripeWork w in work)
            {
                w.Execute();
            }
            batch.Signal();
            batch.Wait();
            batch.Dispose();
        }
        mine?.Error?.Throw();
        foreach (StripeWork w in work)
        {
            w.Error?.Throw();
        }
    }

    private sealed unsafe class StripeWork(List<Piece> pieces, byte* data, Action<Piece, IntPtr> io, Action<int> onError, CountdownEvent? batch)
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
                foreach (Piece p in pieces)
                {
                    try
                    {
                        io(p, (IntPtr)(data + p.BufferOffset));
                    }
                    catch (StorageException)
                    {
                        onError(p.Stripe);
                        throw;
                    }
                }
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
