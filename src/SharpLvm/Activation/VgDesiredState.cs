using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;

namespace SharpLvm.Activation;

/// <summary>
/// The device-mapper state a VG's metadata asks for, given the LVs to be active: every active top LV and its
/// hidden sub-LVs (children first: the log, the areas, then the LV, the order in which LVM2 creates them, so new
/// devices get their numbers in LVM2's order), each with its table; every other
/// device of the VG that is live now is removed. Nothing here knows about any command: a device that an old
/// live table uses and no new table does (a collapsed layer, a dropped leg or log) is found by the planner
/// (<see cref="NodeFlags.LeavingStack"/>: error table preloaded, resumed before its former parents, removed last).
/// </summary>
public static class VgDesiredState
{
    /// <summary>
    /// The desired state; with <paramref name="isMissing"/> (partial activation) areas on missing PVs map to error
    /// devices (<see cref="LvTables"/>), each added just before the LV that uses it.
    /// </summary>
    public static DesiredState Build(VolumeGroup vg, IEnumerable<LogicalVolume> activeTops, Func<PhysicalVolume, DeviceNumber> pvNumber, LiveVgDevices live,
        Func<PhysicalVolume, bool>? isMissing = null)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(activeTops);
        ArgumentNullException.ThrowIfNull(live);
        var tables = new LvTables(vg, pvNumber, isMissing);
        var desired = new DesiredState();
        var added = new HashSet<LogicalVolume>(ReferenceEqualityComparer.Instance);
        foreach (LogicalVolume top in activeTops)
        {
            if (!vg.LogicalVolumes.Contains(top))
            {
                throw new StorageException(ErrorCode.Internal, $"LV {top.Name} to activate is not in VG {vg.Name}.");
            }
            var stack = Stack(top);
            var flags = NodeFlags.SkipReloadWhenEquivalent
                | (stack.Exists(lv => lv.Segments.Exists(s => s is MirrorSegment)) ? NodeFlags.NoFlush : NodeFlags.None);
            foreach (LogicalVolume lv in stack)
            {
                if (added.Add(lv))
                {
                    var table = tables.For(lv);
                    foreach (MissingFiller filler in tables.FillersFor(lv))
                    {
                        desired.Add(new DesiredDevice(filler.Name, filler.Uuid, filler.Table, NodeFlags.SkipReloadWhenEquivalent));
                    }
                    desired.Add(new DesiredDevice(LvDmNames.Name(vg.Name, lv.Name), live.UuidFor(vg, lv), table, flags));
                }
            }
        }
        foreach (var device in live.Devices)
        {
            if (desired.TryGet(device.Name) is null && !desired.Devices.Any(d => d.Uuid is { } u && device.Uuid is { } lu && u == lu))
            {
                desired.Remove(device.Name);
            }
        }
        return desired;
    }

    /// <summary>The LV and everything below it, children first: per segment its log and its area LVs (each with its own stack), then the LV.</summary>
    public static List<LogicalVolume> Stack(LogicalVolume top)
    {
        ArgumentNullException.ThrowIfNull(top);
        var result = new List<LogicalVolume>();
        Walk(top, result, 0);
        return result;
    }

    private static void Walk(LogicalVolume lv, List<LogicalVolume> result, int depth)
    {
        if (depth > 32 || result.Contains(lv))
        {
            return;
        }
        foreach (LvSegment seg in lv.Segments)
        {
            if (seg is MirrorSegment { MirrorLog: { } log })
            {
                Walk(log, result, depth + 1);
            }
            foreach (var area in seg.AreaList.OfType<LvArea>())
            {
                Walk(area.Lv, result, depth + 1);
            }
        }
        if (!result.Contains(lv))
        {
            result.Add(lv);
        }
    }
}
