namespace SharpLvm.Model;

/// <summary>
/// What an LV is, computed from the references between LVs and from flags (never from the name).
/// Set on import and by <see cref="VolumeGroup.UpdateDerived"/>.
/// </summary>
[Flags]
public enum LvRole
{
    None = 0,
    /// <summary>Shown to the user (LVM2's lv_is_visible: VISIBLE flag, snapshot rules).</summary>
    Visible = 1 << 0,
    /// <summary>Has a mirror segment.</summary>
    MirrorTop = 1 << 1,
    /// <summary>Is an area (leg) of another LV's mirror segment.</summary>
    MirrorImage = 1 << 2,
    /// <summary>Is the mirror_log of another LV's mirror segment.</summary>
    MirrorLog = 1 << 3,
    /// <summary>A mirror that is itself a leg of a mirror: the temporary <c>_mimagetmp</c> layer during an up-convert.</summary>
    TemporaryMirrorLayer = 1 << 4,
    /// <summary>The internal snapshot LV (<c>snapshotN</c>) holding the snapshot segment.</summary>
    Snapshot = 1 << 5,
    /// <summary>The COW store of a snapshot (the LV the user sees as the snapshot).</summary>
    Cow = 1 << 6,
    /// <summary>The origin of at least one snapshot.</summary>
    Origin = 1 << 7,
    /// <summary>A pvmove LV (PVMOVE status flag).</summary>
    PvMove = 1 << 8,
    /// <summary>Used as an area of a striped segment of another LV (a layer).</summary>
    StripedLayer = 1 << 9,
    /// <summary>Referenced by a segment this model does not understand (raid, thin, cache, …) or has one itself.</summary>
    NotUnderstood = 1 << 10,
}
