using System.Collections.Concurrent;
using SharpLvm.Nbd.Server;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests.Server;

public class DeviceWorkersTests
{
    [Fact]
    public void Blocked_work_never_holds_up_new_work()
    {
        // 64 items that block, as I/O to a suspended device does: all must be running at once. The thread pool
        // would start them one every half second or so once its few threads were blocked.
        var workers = new DeviceWorkers();
        using var release = new ManualResetEventSlim(false);
        using var started = new CountdownEvent(64);
        using var done = new CountdownEvent(64);
        for (int i = 0; i < 64; i++)
        {
            workers.Queue(() =>
            {
                started.Signal();
                release.Wait();
                done.Signal();
            });
        }
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(10)), $"{64 - started.CurrentCount} of 64 started");
            Assert.Equal(64, workers.BusyCount);
        }
        finally
        {
            release.Set();
        }
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Every_item_runs_exactly_once_when_queued_from_many_threads()
    {
        var workers = new DeviceWorkers(maxThreads: 8, idleTimeout: TimeSpan.FromMilliseconds(1));
        var runs = new ConcurrentDictionary<int, int>();
        const int PerThread = 5000, Threads = 4;
        using var done = new CountdownEvent(PerThread * Threads);
        var queuers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                int id = (t * PerThread) + i;
                workers.Queue(() =>
                {
                    runs.AddOrUpdate(id, 1, (_, n) => n + 1);
                    done.Signal();
                });
            }
        })).ToList();
        queuers.ForEach(q => q.Start());
        queuers.ForEach(q => q.Join());
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)), $"{done.CurrentCount} items never ran");
        Assert.Equal(PerThread * Threads, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
        Assert.InRange(workers.ThreadCount, 0, 8);
    }

    [Fact]
    public void Past_the_thread_limit_work_waits_for_a_free_thread()
    {
        var workers = new DeviceWorkers(maxThreads: 2);
        using var release = new ManualResetEventSlim(false);
        using var blocking = new CountdownEvent(2);
        var order = new ConcurrentQueue<int>();
        using var done = new CountdownEvent(5);
        for (int i = 0; i < 2; i++)
        {
            workers.Queue(() =>
            {
                blocking.Signal();
                release.Wait();
                done.Signal();
            });
        }
        Assert.True(blocking.Wait(TimeSpan.FromSeconds(10)));
        for (int i = 0; i < 3; i++)
        {
            int n = i;
            workers.Queue(() =>
            {
                order.Enqueue(n);
                done.Signal();
            });
        }
        Thread.Sleep(200);
        Assert.Empty(order);
        Assert.Equal(2, workers.ThreadCount);
        release.Set();
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal([0, 1, 2], order.Order().ToArray());
    }

    [Fact]
    public void Idle_threads_end()
    {
        var workers = new DeviceWorkers(idleTimeout: TimeSpan.FromMilliseconds(50));
        using var done = new CountdownEvent(8);
        for (int i = 0; i < 8; i++)
        {
            workers.Queue(() => done.Signal());
        }
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(Eventually.True(() => workers.ThreadCount == 0), $"{workers.ThreadCount} threads still alive");
    }
}
