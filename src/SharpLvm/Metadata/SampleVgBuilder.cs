using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Metadata;

/// <summary>
/// Builds a VG of many linear LVs on new sparse image files, through the library (PV formatter, model,
/// commit path): for benchmarks and demos of large VGs. Each LV takes one extent, spread over the PVs in turn.
/// </summary>
public static class SampleVgBuilder
{
    /// <param name="vgName">Name of the new VG.</param>
    /// <param name="images">Image files to create (overwritten).</param>
    /// <param name="lvCount">How many LVs.</param>
    /// <param name="extentSize">Extent size in sectors.</param>
    public static void Build(string vgName, IReadOnlyList<string> images, int lvCount, Sectors extentSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        ulong extentsPerPv = (ulong)((lvCount + images.Count - 1) / images.Count) + 2;
        var vg = new VolumeGroup(VgName.Parse(vgName), LvmUuid.NewRandom())
        {
            ExtentSize = extentSize,
            Seqno = 0,
        };
        // Placeholder PVs first, so the text can be measured and the metadata area sized to hold it.
        foreach (string image in images)
        {
            vg.PhysicalVolumes.Add(new PhysicalVolume(LvmUuid.NewRandom()) { DeviceHint = image, PeCount = (uint)extentsPerPv });
        }
        AddLvs(vg, lvCount);
        var header = VgTextHeader.ForThisHost($"Write from sharplvm sample VG of {lvCount} LVs.");
        ulong metadataSize = MetadataSizeFor((ulong)VgText.WriteOnDisk(vg, header).Length);
        var size = new Sectors(Sectors.FromBytes(metadataSize + PageSize).Value + (extentsPerPv * extentSize.Value));
        var devices = new List<IBlockDevice>();
        var disks = new List<PhysicalVolumeDisk>();
        try
        {
            for (int i = 0; i < images.Count; i++)
            {
                FileBlockDevice device = FileBlockDevice.CreateImage(images[i], size);
                devices.Add(device);
                PhysicalVolumeDisk disk = PvFormatter.Format(device, new PvFormatOptions { InVg = true, MetadataSize = metadataSize });
                disks.Add(disk);
                Sectors peStart = Sectors.FromBytes(disk.Label.DataStart);
                PhysicalVolume pv = vg.PhysicalVolumes[i];
                pv.Id = LvmUuid.Parse(disk.Label.PvUuid);
                pv.DevSize = device.Size;
                pv.PeStart = peStart;
                pv.PeCount = (uint)((device.Size - peStart) / extentSize);
            }
            using var session = VgWriteSession.ForNewVg(devices, disks, vg);
            session.Commit(header);
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }

    /// <summary>
    /// The --metadatasize for <paramref name="textBytes"/> of metadata: LVM2 writes a copy only when it takes less than
    /// half the area (so the old copy survives while the new one is written), with room to grow; the first area then
    /// ends on a MiB boundary, as LVM2's default 1 MiB - page does.
    /// </summary>
    public static ulong MetadataSizeFor(ulong textBytes)
    {
        ulong needed = (2 * textBytes) + (textBytes / 4) + (64 * 1024) + PageSize;
        ulong mib = (needed + PvFormatOptions.OneMiB - 1) / PvFormatOptions.OneMiB;
        return (mib * PvFormatOptions.OneMiB) - PageSize;
    }

    private const ulong PageSize = 4096;

    private static void AddLvs(VolumeGroup vg, int lvCount)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int pvs = vg.PhysicalVolumes.Count;
        for (int i = 0; i < lvCount; i++)
        {
            PhysicalVolume pv = vg.PhysicalVolumes[i % pvs];
            var lv = new LogicalVolume(LvName.Parse("lv" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), LvmUuid.NewRandom())
            {
                CreationTime = now,
                CreationHost = "sharplvm",
            };
            var segment = new StripedSegment(Extents.Zero, new Extents(1));
            segment.Areas.Add(new PvArea(pv, new Extents((uint)(i / pvs))));
            lv.Segments.Add(segment);
            vg.LogicalVolumes.Add(lv);
        }
    }
}
