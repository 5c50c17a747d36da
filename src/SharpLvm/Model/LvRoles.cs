namespace SharpLvm.Model;

/// <summary>Computes <see cref="LvRole"/> from the references between LVs and their flags.</summary>
internal static class LvRoles
{
    public static void Compute(VolumeGroup vg)
    {
        var roles = new Dictionary<LogicalVolume, LvRole>(ReferenceEqualityComparer.Instance);
        var cowOrigin = new Dictionary<LogicalVolume, SnapshotSegment>(ReferenceEqualityComparer.Instance);
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            roles[lv] = LvRole.None;
        }
        void Add(LogicalVolume lv, LvRole role) => roles[lv] = (roles.TryGetValue(lv, out LvRole r) ? r : LvRole.None) | role;

        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            if ((lv.Status & LvStatus.PvMove) != 0)
            {
                Add(lv, LvRole.PvMove);
            }
            foreach (LvSegment seg in lv.Segments)
            {
                switch (seg)
                {
                    case MirrorSegment mirror:
                        Add(lv, LvRole.MirrorTop);
                        foreach (SegmentArea area in mirror.Areas)
                        {
                            if (area is LvArea la)
                            {
                                Add(la.Lv, LvRole.MirrorImage);
                            }
                        }
                        if (mirror.MirrorLog is not null)
                        {
                            Add(mirror.MirrorLog, LvRole.MirrorLog);
                        }
                        break;
                    case StripedSegment striped:
                        foreach (SegmentArea area in striped.Areas)
                        {
                            if (area is LvArea la)
                            {
                                Add(la.Lv, LvRole.StripedLayer);
                            }
                        }
                        break;
                    case SnapshotSegment snap:
                        Add(lv, LvRole.Snapshot);
                        Add(snap.Cow, LvRole.Cow);
                        Add(snap.Origin, LvRole.Origin);
                        cowOrigin[snap.Cow] = snap;
                        break;
                    case UnknownSegment:
                        Add(lv, LvRole.NotUnderstood);
                        break;
                }
            }
        }
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            LvRole role = roles[lv];
            if ((role & (LvRole.MirrorTop | LvRole.MirrorImage)) == (LvRole.MirrorTop | LvRole.MirrorImage))
            {
                role |= LvRole.TemporaryMirrorLayer;
            }
            if (IsVisible(lv, roles, cowOrigin, 0))
            {
                role |= LvRole.Visible;
            }
            lv.Role = role;
        }
    }

    // LVM2's lv_is_visible: the snapshot LV never is; a COW is visible iff its origin is (not while merging).
    private static bool IsVisible(LogicalVolume lv, Dictionary<LogicalVolume, LvRole> roles,
        Dictionary<LogicalVolume, SnapshotSegment> cowOrigin, int depth)
    {
        LvRole role = roles.TryGetValue(lv, out LvRole r) ? r : LvRole.None;
        if ((role & LvRole.Snapshot) != 0)
        {
            return false;
        }
        if (depth < 8 && cowOrigin.TryGetValue(lv, out SnapshotSegment? snap))
        {
            return !snap.IsMerging && IsVisible(snap.Origin, roles, cowOrigin, depth + 1);
        }
        return (lv.Status & LvStatus.Visible) != 0;
    }
}
