using SharpLvm.TestSupport;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Locking;
using SharpLvm.Model;

namespace SharpLvm.Tests.Locking;

public sealed class FileLockTests
{
    [Fact]
    public void An_exclusive_lock_excludes_a_second_holder_until_released()
    {
        using var dir = new TempDir();
        string path = dir.File("lock/V_vg0");
        using (FileLock first = FileLock.Acquire(path, exclusive: true))
        {
            var e = Assert.Throws<StorageException>(() => FileLock.Acquire(path, exclusive: true, wait: false));
            Assert.Equal(ErrorCode.LockFailed, e.Code);
            Assert.Throws<StorageException>(() => FileLock.Acquire(path, exclusive: false, wait: false));
        }
        using FileLock again = FileLock.Acquire(path, exclusive: true, wait: false);
        Assert.True(again.Exclusive);
    }

    [Fact]
    public void Shared_locks_coexist()
    {
        using var dir = new TempDir();
        string path = dir.File("P_orphans");
        using FileLock a = FileLock.Acquire(path, exclusive: false);
        using FileLock b = FileLock.Acquire(path, exclusive: false, wait: false);
        Assert.Throws<StorageException>(() => FileLock.Acquire(path, exclusive: true, wait: false));
    }

    [Fact]
    public void A_waiting_locker_gets_the_lock_after_release_and_sees_the_holders_work()
    {
        using var dir = new TempDir();
        string path = dir.File("V_vg");
        int counter = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                using FileLock l = FileLock.Acquire(path, exclusive: true);
                int seen = counter;
                Thread.Yield();
                counter = seen + 1;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(200, counter);
    }

    [Fact]
    public void Lock_sets_use_lvm2s_file_names()
    {
        using var dir = new TempDir();
        using (LockSet set = LockSet.Exclusive(dir.Path, [VgName.Parse("b"), VgName.Parse("a")], orphans: true))
        {
            Assert.Equal(["P_orphans", "V_a", "V_b"], set.Held.Select(l => Path.GetFileName(l.Path)));
        }
        Assert.True(File.Exists(Path.Combine(dir.Path, "lock", "V_a")));
    }
}
