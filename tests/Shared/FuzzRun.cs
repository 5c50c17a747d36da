using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CsCheck;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.TestSupport;

/// <summary>
/// One fuzz run: every case runs on one worker thread, in turn, with no task or timer per case; the calling thread
/// is the watchdog. A case's allocation is measured exactly on the worker (<c>GC.GetAllocatedBytesForCurrentThread</c>)
/// when it ends; the watchdog fails the run when the running case passes <see cref="Fuzz.CaseTimeout"/>, or when the
/// process has allocated over <see cref="RunawayBytes"/> since that case began (a case that allocates without end
/// would otherwise take the machine before it returns).
/// </summary>
internal sealed class FuzzRun<T>(string name, Action<T> target, Func<T, string> print, Func<Exception, bool>? alsoAllowed, FuzzCoverage? coverage)
{
    /// <summary>Process-wide bytes allocated during one running case that stop the run (other tests allocate too).</summary>
    public const long RunawayBytes = 64 * Fuzz.MaxBytes;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private long _caseStart;
    private long _caseAllocated;
    private T _current = default!;
    private ExceptionDispatchInfo? _failure;

    public long Count { get; private set; }

    /// <summary>The hang bound (the harness's own tests shorten it).</summary>
    public TimeSpan CaseTimeout { get; init; } = Fuzz.CaseTimeout;

    public FuzzCoverage Coverage { get; } = coverage ?? new();

    public void Execute(Gen<T> gen, long iterations)
    {
        var worker = new Thread(() =>
        {
            try
            {
                gen.Sample(Case, iter: iterations, threads: 1, print: print);
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true, Name = $"fuzz {name}" };
        worker.Start();
        while (!worker.Join(Poll))
        {
            Watch();
        }
        _failure?.Throw();
    }

    private void Case(T input)
    {
        _current = input;
        Volatile.Write(ref _caseAllocated, GC.GetTotalAllocatedBytes());
        Volatile.Write(ref _caseStart, Stopwatch.GetTimestamp());
        Count++;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target(input);
            Coverage.Returned();
        }
        catch (StorageException e) when (!string.IsNullOrWhiteSpace(e.Message))
        {
            // The one documented failure.
            Coverage.Threw(e);
        }
        catch (Exception e) when (e is not FuzzFailure && alsoAllowed?.Invoke(e) == true)
        {
            // A documented exception of this target.
            Coverage.Threw(e);
        }
        finally
        {
            Volatile.Write(ref _caseStart, 0);
        }
        long used = GC.GetAllocatedBytesForCurrentThread() - before;
        if (used > Fuzz.MaxBytes)
        {
            throw new FuzzFailure($"{name}: one input allocated {used} bytes: {print(input)}");
        }
    }

    /// <summary>Called on the test thread between polls: fails the run if the running case is over a bound.</summary>
    private void Watch()
    {
        long start = Volatile.Read(ref _caseStart);
        long allocated = Volatile.Read(ref _caseAllocated);
        if (start == 0 || start != Volatile.Read(ref _caseStart))
        {
            return;
        }
        if (Stopwatch.GetElapsedTime(start) > CaseTimeout)
        {
            throw new FuzzFailure($"{name}: an input ran longer than {CaseTimeout.TotalSeconds} s: {print(_current)}");
        }
        long since = GC.GetTotalAllocatedBytes() - allocated;
        if (since > RunawayBytes)
        {
            throw new FuzzFailure($"{name}: {since} bytes were allocated while one input ran: {print(_current)}");
        }
    }
}
