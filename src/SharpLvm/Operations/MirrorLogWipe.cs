using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Model;

namespace SharpLvm.Operations;

/// <summary>
/// LVM2's <c>_init_mirror_log</c>: a mirror log LV new in a change is zeroed on its PVs before the metadata naming
/// it is written. Its extents were free space, which may still hold the disk log of an earlier mirror (one that
/// <c>lvconvert -m-1</c> or <c>lvremove</c> took away) with every region marked in sync: a mirror reading that log
/// would never copy its new legs. A zeroed log has no valid header, so the target starts with every region out
/// of sync (or in sync with <c>nosync</c>). Logs already in the old metadata are never touched.
/// </summary>
internal static class MirrorLogWipe
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>The ids of the VG's mirror logs (taken before the change).</summary>
    public static HashSet<LvmUuid> LogIds(VolumeGroup vg) => [.. Logs(vg).Select(l => l.Id)];

    /// <summary>Zeroes each log LV of <paramref name="after"/> whose id is not in <paramref name="old"/>.</summary>
    public static void NewLogs(Config.SystemContext ctx, IReadOnlySet<LvmUuid> old, VolumeGroup after, Func<PhysicalVolume, string?> pathOf)
    {
        foreach (LogicalVolume log in Logs(after).Where(l => !old.Contains(l.Id)))
        {
            foreach (LvSegment seg in log.Segments)
            {
                foreach (PvArea area in seg.AreaList.OfType<PvArea>())
                {
                    if (pathOf(area.Pv) is not { } path)
                    {
                        continue;
                    }
                    ulong offset = (area.Pv.PeStart.Value + area.StartExtent.Value * after.ExtentSize.Value) * 512;
                    Zero(ctx, path, offset, seg.ExtentCount.Value * after.ExtentSize.Value * 512);
                }
            }
        }
    }

    private static IEnumerable<LogicalVolume> Logs(VolumeGroup vg) =>
        vg.LogicalVolumes.SelectMany(lv => lv.Segments.OfType<MirrorSegment>()).Select(m => m.MirrorLog).OfType<LogicalVolume>();

    private static void Zero(Config.SystemContext ctx, string path, ulong offset, ulong bytes)
    {
        using IBlockDevice device = ctx.OpenDevice(path, false);
        byte[] zeros = new byte[ChunkBytes];
        for (ulong done = 0; done < bytes; done += ChunkBytes)
        {
            int n = (int)Math.Min((ulong)ChunkBytes, bytes - done);
            device.WriteBytes(offset + done, zeros.AsSpan(0, n));
        }
        device.Flush();
    }
}
