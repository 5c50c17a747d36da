using SharpLvm.Model;

namespace SharpLvm.Locking;

/// <summary>
/// The locks one command holds, taken in one fixed order (orphans first, then VGs by name, as LVM2 orders
/// VG locks) so two commands never wait on each other in a cycle; released in reverse.
/// </summary>
public sealed class LockSet : IDisposable
{
    private readonly List<FileLock> _held = [];

    private LockSet()
    {
    }

    /// <summary>Takes exclusive locks on the given VGs (and on the orphans when asked), in a fixed order.</summary>
    public static LockSet Exclusive(string systemDir, IEnumerable<VgName> vgs, bool orphans) => Take(systemDir, vgs, orphans, exclusive: true);

    /// <summary>Takes shared locks (readers: LVM2's LCK_VG_READ) in the same order as <see cref="Exclusive"/>.</summary>
    public static LockSet Shared(string systemDir, IEnumerable<VgName> vgs, bool orphans) => Take(systemDir, vgs, orphans, exclusive: false);

    private static LockSet Take(string systemDir, IEnumerable<VgName> vgs, bool orphans, bool exclusive)
    {
        ArgumentNullException.ThrowIfNull(vgs);
        var set = new LockSet();
        try
        {
            string dir = LockNames.Directory(systemDir);
            if (orphans)
            {
                set._held.Add(FileLock.Acquire(Path.Combine(dir, LockNames.Orphans), exclusive));
            }
            foreach (string name in vgs.Select(v => v.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                set._held.Add(FileLock.Acquire(Path.Combine(dir, "V_" + name), exclusive));
            }
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    public IReadOnlyList<FileLock> Held => _held;

    public void Dispose()
    {
        for (int i = _held.Count - 1; i >= 0; i--)
        {
            _held[i].Dispose();
        }
        _held.Clear();
    }
}
