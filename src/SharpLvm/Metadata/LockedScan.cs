using SharpLvm.Locking;

namespace SharpLvm.Metadata;

/// <summary>
/// The scan of a reporting command (pvs, vgs, lvs): every VG's metadata is read under a shared
/// <c>V_&lt;vg&gt;</c> lock (and <c>P_orphans</c>), as LVM2's reporting takes LCK_VG_READ, so a VG another command
/// is writing is seen before or after that command, never between the writes of its PVs or between its precommit
/// and commit. A first scan without locks finds the VG names; the scan that counts runs under their locks (again
/// when a VG appeared in between).
/// </summary>
public static class LockedScan
{
    private const int Attempts = 3;

    public static ScanResult Scan(string systemDir, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ScanResult scan = VgReader.Scan(paths);
        for (int attempt = 1; ; attempt++)
        {
            var names = scan.Vgs.Select(v => v.Vg.Name).ToHashSet();
            using LockSet? locks = TryLock(systemDir, names);
            if (locks is null)
            {
                return scan;
            }
            scan = VgReader.Scan(paths);
            if (attempt == Attempts || scan.Vgs.All(v => names.Contains(v.Vg.Name)))
            {
                return scan;
            }
        }
    }

    /// <summary>The shared locks, or null when the lock directory cannot be written (a user reading images of their own: as LVM2's --readonly, no locks).</summary>
    private static LockSet? TryLock(string systemDir, IEnumerable<Model.VgName> names)
    {
        try
        {
            return LockSet.Shared(systemDir, names, orphans: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException
            || (e is DeviceMapper.Errors.StorageException s && s.Code == DeviceMapper.Errors.ErrorCode.LockFailed))
        {
            return null;
        }
    }
}
