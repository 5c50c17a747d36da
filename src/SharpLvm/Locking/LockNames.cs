using SharpLvm.Model;

namespace SharpLvm.Locking;

/// <summary>
/// LVM2's lock file names in the lock directory: <c>V_&lt;vg&gt;</c> for a VG, <c>P_orphans</c> for the PVs
/// of no VG (VG_ORPHANS "#orphans", its '#' dropped), <c>P_global</c> for the global lock.
/// </summary>
public static class LockNames
{
    public const string Orphans = "P_orphans";
    public const string Global = "P_global";

    public static string ForVg(VgName vg) => "V_" + vg.Value;

    /// <summary>The lock directory: <c>&lt;system dir&gt;/lock</c> (LVM2's locking_dir, /run/lock/lvm).</summary>
    public static string Directory(string systemDir) => Path.Combine(systemDir, "lock");
}
