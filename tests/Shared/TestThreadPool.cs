using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SharpLvm.TestSupport;

/// <summary>
/// xunit runs tests on thread-pool threads, and many tests block one (a synchronous NBD client waiting for a
/// reply, a daemon process waited for, a CsCheck run). The servers those tests talk to in-process need pool
/// threads for their socket continuations; with the pool's minimum at the core count (2 here) and its slow
/// growth after that, a case could wait seconds for a thread. Every test process starts with a wider pool.
/// </summary>
internal static class TestThreadPool
{
    public const int MinThreads = 64;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Test assemblies: the setting is for the test process, set before any test runs.")]
    internal static void Widen()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), Math.Max(io, MinThreads));
    }
}
