namespace SharpLvm.Model;

/// <summary>VG <c>status</c> flags that LVM2 writes (an unknown one is an error on import).</summary>
[Flags]
public enum VgStatus
{
    None = 0,
    Exported = 1 << 0,
    Resizeable = 1 << 1,
    PvMove = 1 << 2,
    Read = 1 << 3,
    Write = 1 << 4,
    Clustered = 1 << 5,
    Shared = 1 << 6,
}

/// <summary>VG <c>flags</c> (LVM2's COMPATIBLE flags; unknown ones are ignored on import).</summary>
[Flags]
public enum VgCompatFlags
{
    None = 0,
    WriteLocked = 1 << 0,
    NoAutoActivate = 1 << 1,
}

/// <summary>PV <c>status</c> flags.</summary>
[Flags]
public enum PvStatus
{
    None = 0,
    Allocatable = 1 << 0,
    Exported = 1 << 1,
    Missing = 1 << 2,
}

/// <summary>PV <c>flags</c> (COMPATIBLE).</summary>
[Flags]
public enum PvCompatFlags
{
    None = 0,
    Missing = 1 << 0,
}

/// <summary>LV <c>status</c> flags that LVM2 writes. Roles (mirror image, log, …) are not flags: see <see cref="LvRole"/>.</summary>
[Flags]
public enum LvStatus
{
    None = 0,
    Read = 1 << 0,
    Write = 1 << 1,
    FixedMinor = 1 << 2,
    Visible = 1 << 3,
    PvMove = 1 << 4,
    Locked = 1 << 5,
    NotSynced = 1 << 6,
    Rebuild = 1 << 7,
    WriteMostly = 1 << 8,
}

/// <summary>LV <c>flags</c> (COMPATIBLE).</summary>
[Flags]
public enum LvCompatFlags
{
    None = 0,
    WriteLocked = 1 << 0,
    ActivationSkip = 1 << 1,
    NoAutoActivate = 1 << 2,
    ErrorWhenFull = 1 << 3,
    CacheVol = 1 << 4,
}
