namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// Every special case of the planner is one of these named flags on a node; the walks test flags and
/// never a device's name or target type. Inputs come from the desired state (the caller), facts from
/// the live state, decisions from the planner.
/// </summary>
[Flags]
public enum NodeFlags : long
{
    None = 0,

    // ---- facts about the live state ----
    /// <summary>Not a device-mapper device (a PV or other block device): never touched.</summary>
    External = 1L << 0,
    /// <summary>The device exists before the plan runs.</summary>
    Exists = 1L << 1,
    /// <summary>The device is suspended before the plan runs.</summary>
    InitiallySuspended = 1L << 2,

    // ---- inputs from the desired state ----
    /// <summary>The desired state gives this device a table.</summary>
    Desired = 1L << 3,
    /// <summary>The desired state removes this device.</summary>
    Remove = 1L << 4,
    /// <summary>A new device is not resumed during preload even when it has a parent (libdm delay_resume_if_new).</summary>
    DelayResumeIfNew = 1L << 5,
    /// <summary>A grown existing device is not resumed during preload (libdm delay_resume_if_extended); propagates to parents.</summary>
    DelayResumeIfExtended = 1L << 6,
    /// <summary>No load when the new table is equivalent to the live one (libdm's suppressed identical reload). On by default.</summary>
    SkipReloadWhenEquivalent = 1L << 7,
    /// <summary>Suspend without flushing queued I/O (libdm no_flush; mirrors need it).</summary>
    NoFlush = 1L << 8,

    // ---- decisions of the tree builder ----
    /// <summary>
    /// Referenced by an old live table of a device that persists, and by no desired table: the device leaves
    /// the stack. Its replacement table (error of its size unless the desired state gives one) is loaded
    /// before the first suspend and resumed before its former parents.
    /// </summary>
    LeavingStack = 1L << 9,
    /// <summary>A leaving device that the desired state removes: removed after the final resume.</summary>
    RemoveAfterResume = 1L << 10,
    /// <summary>The device keeps its uuid but gets another name: renamed in the resume walk.</summary>
    Rename = 1L << 11,

    // ---- decisions of the planner ----
    /// <summary>Created by this plan (reverted on a failed load).</summary>
    Created = 1L << 12,
    /// <summary>A table is loaded into the inactive slot by this plan.</summary>
    Loaded = 1L << 13,
    /// <summary>The live table is already equivalent: nothing loaded.</summary>
    Unchanged = 1L << 14,
    /// <summary>An inactive table left over (not the wanted one) is cleared in preload.</summary>
    StaleInactiveTable = 1L << 15,
    /// <summary>An inactive table already holds the wanted table: kept, resumed later.</summary>
    InactiveAlreadyLoaded = 1L << 16,
    /// <summary>Resumed during preload: it grew (or is new), has a parent and no delay flag (libdm rule).</summary>
    ResumeEarly = 1L << 17,
    /// <summary>
    /// A new device with a parent whose table would share an exclusive claim with a live table if resumed
    /// in preload: it is first given an error table of its size (resumed), then its real table waits in
    /// the inactive slot for the resume walk (LVM's pre-created temporary layer, made generic).
    /// </summary>
    PrimeWithErrorTable = 1L << 18,
    /// <summary>A grown device whose early resume would share an exclusive claim: resumed in the resume walk instead.</summary>
    DelayedByConflict = 1L << 19,
    /// <summary>Suspended in the suspend walk (its table changes, or a device below it changes).</summary>
    Suspend = 1L << 20,
    /// <summary>Resumed in the resume walk.</summary>
    Resume = 1L << 21,
}
