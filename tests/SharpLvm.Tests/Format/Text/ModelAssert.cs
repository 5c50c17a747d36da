using SharpLvm.Model;

namespace SharpLvm.Tests.Format.Text;

/// <summary>Structural comparison of two VG models (areas by PV position and LV name).</summary>
internal static class ModelAssert
{
    /// <summary>The LV order the writer produces: visible LVs first, each group in model order.</summary>
    public static List<LogicalVolume> WrittenOrder(VolumeGroup vg)
    {
        vg.UpdateDerived();
        return vg.LogicalVolumes.Where(l => l.IsVisible).Concat(vg.LogicalVolumes.Where(l => !l.IsVisible)).ToList();
    }

    public static void Equal(VolumeGroup expected, VolumeGroup actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Seqno, actual.Seqno);
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.SystemId ?? string.Empty, actual.SystemId ?? string.Empty);
        Assert.Equal(expected.LockType, actual.LockType);
        Assert.Equal(expected.LockType is null ? null : expected.LockArgs, actual.LockArgs);
        Assert.Equal(expected.ExtentSize, actual.ExtentSize);
        Assert.Equal(expected.MaxLv, actual.MaxLv);
        Assert.Equal(expected.MaxPv, actual.MaxPv);
        Assert.Equal(expected.AllocationPolicy == AllocationPolicy.Inherit ? AllocationPolicy.Normal : expected.AllocationPolicy, actual.AllocationPolicy);
        Assert.Equal(expected.Profile, actual.Profile);
        Assert.Equal(expected.MetadataCopies, actual.MetadataCopies);
        Assert.Equal(expected.UnknownNodes, actual.UnknownNodes);
        Assert.Equal(expected.PhysicalVolumes.Count, actual.PhysicalVolumes.Count);
        for (int i = 0; i < expected.PhysicalVolumes.Count; i++)
        {
            PvEqual(expected.PhysicalVolumes[i], actual.PhysicalVolumes[i]);
        }
        List<LogicalVolume> order = WrittenOrder(expected);
        Assert.Equal(order.Select(l => l.Name.Value), actual.LogicalVolumes.Select(l => l.Name.Value));
        for (int i = 0; i < order.Count; i++)
        {
            LvEqual(expected, order[i], actual, actual.LogicalVolumes[i]);
        }
    }

    private static void PvEqual(PhysicalVolume e, PhysicalVolume a)
    {
        Assert.Equal(e.Id, a.Id);
        Assert.Equal(e.DeviceHint, a.DeviceHint);
        Assert.Equal(e.DeviceIdType is null || e.DeviceId is null ? null : e.DeviceIdType, a.DeviceIdType);
        Assert.Equal(e.Status, a.Status);
        Assert.Equal(e.Flags, a.Flags);
        Assert.Equal(e.Tags, a.Tags);
        Assert.Equal(e.DevSize, a.DevSize);
        Assert.Equal(e.PeStart, a.PeStart);
        Assert.Equal(e.PeCount, a.PeCount);
        bool ba = e.BaStart.Value != 0 && e.BaSize.Value != 0;
        Assert.Equal(ba ? e.BaStart.Value : 0, a.BaStart.Value);
        Assert.Equal(ba ? e.BaSize.Value : 0, a.BaSize.Value);
        Assert.Equal(e.UnknownNodes, a.UnknownNodes);
    }

    private static void LvEqual(VolumeGroup evg, LogicalVolume e, VolumeGroup avg, LogicalVolume a)
    {
        Assert.Equal(e.Name, a.Name);
        Assert.Equal(e.Id, a.Id);
        Assert.Equal(e.Status, a.Status);
        Assert.Equal(e.Flags, a.Flags);
        Assert.Equal(e.Tags, a.Tags);
        Assert.Equal(e.CreationTime, a.CreationTime);
        Assert.Equal(e.CreationTime == 0 ? null : e.CreationHost ?? string.Empty, a.CreationHost);
        Assert.Equal(e.LockArgs, a.LockArgs);
        Assert.Equal(e.AllocationPolicy, a.AllocationPolicy);
        Assert.Equal(e.Profile, a.Profile);
        Assert.Equal(e.ReadAhead, a.ReadAhead);
        Assert.Equal(e.Major, a.Major);
        Assert.Equal(e.Minor, a.Minor);
        Assert.Equal(e.UnknownNodes, a.UnknownNodes);
        Assert.Equal(e.Role, a.Role);
        Assert.Equal(e.Segments.Count, a.Segments.Count);
        for (int i = 0; i < e.Segments.Count; i++)
        {
            SegmentEqual(evg, e.Segments[i], avg, a.Segments[i]);
        }
    }

    private static void SegmentEqual(VolumeGroup evg, LvSegment e, VolumeGroup avg, LvSegment a)
    {
        Assert.Equal(e.GetType(), a.GetType());
        Assert.Equal(e.StartExtent, a.StartExtent);
        Assert.Equal(e.ExtentCount, a.ExtentCount);
        Assert.Equal(e.TypeName, a.TypeName);
        Assert.Equal(e.Tags, a.Tags);
        Assert.Equal(e.IsUnderstood, a.IsUnderstood);
        Assert.Equal(e.AreaList.Select(x => Describe(evg, x)), a.AreaList.Select(x => Describe(avg, x)));
        switch (e)
        {
            case StripedSegment s:
                Assert.Equal(s.StripeCount > 1 ? s.StripeSize : 0, ((StripedSegment)a).StripeCount > 1 ? ((StripedSegment)a).StripeSize : 0);
                break;
            case MirrorSegment m:
                var am = (MirrorSegment)a;
                Assert.Equal(m.MirrorLog?.Name, am.MirrorLog?.Name);
                Assert.Equal(m.RegionSize, am.RegionSize);
                Assert.Equal(m.ExtentsMoved, am.ExtentsMoved);
                break;
            case SnapshotSegment sn:
                var asn = (SnapshotSegment)a;
                Assert.Equal(sn.Origin.Name, asn.Origin.Name);
                Assert.Equal(sn.Cow.Name, asn.Cow.Name);
                Assert.Equal(sn.ChunkSize, asn.ChunkSize);
                Assert.Equal(sn.IsMerging, asn.IsMerging);
                break;
            case UnknownSegment u:
                var au = (UnknownSegment)a;
                Assert.Equal(u.ReshapeCount, au.ReshapeCount);
                Assert.Equal(u.Nodes, au.Nodes);
                break;
        }
    }

    private static string Describe(VolumeGroup vg, SegmentArea area) => area switch
    {
        PvArea p => "pv#" + vg.PhysicalVolumes.IndexOf(p.Pv) + ":" + p.StartExtent,
        LvArea l => "lv:" + l.Lv.Name + ":" + l.StartExtent,
        _ => "?",
    };
}
