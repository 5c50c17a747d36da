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
        // The data area starts at 1 MiB (2048 sectors) with LVM2's default layout.
        var size = new Sectors(2048 + extentsPerPv * extentSize.Value);
        var vg = new VolumeGroup(VgName.Parse(vgName), LvmUuid.NewRandom())
        {
            ExtentSize = extentSize,
            Seqno = 0,
        };
        var devices = new List<IBlockDevice>();
        var disks = new List<PhysicalVolumeDisk>();
        try
        {
            foreach (string image in images)
            {
                FileBlockDevice device = FileBlockDevice.CreateImage(image, size);
                devices.Add(device);
                PhysicalVolumeDisk disk = PvFormatter.Format(device, new PvFormatOptions { InVg = true });
                disks.Add(disk);
                Sectors peStart = Sectors.FromBytes(disk.Label.DataStart);
                vg.PhysicalVolumes.Add(new PhysicalVolume(LvmUuid.Parse(disk.Label.PvUuid))
                {
                    DeviceHint = image,
                    DevSize = device.Size,
                    PeStart = peStart,
                    PeCount = (uint)((device.Size - peStart) / extentSize),
                });
            }
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (int i = 0; i < lvCount; i++)
            {
                PhysicalVolume pv = vg.PhysicalVolumes[i % images.Count];
                var lv = new LogicalVolume(LvName.Parse("lv" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), LvmUuid.NewRandom())
                {
                    CreationTime = now,
                    CreationHost = "sharplvm",
                };
                var segment = new StripedSegment(Extents.Zero, new Extents(1));
                segment.Areas.Add(new PvArea(pv, new Extents((uint)(i / images.Count))));
                lv.Segments.Add(segment);
                vg.LogicalVolumes.Add(lv);
            }
            using var session = VgWriteSession.ForNewVg(devices, disks, vg);
            session.Commit(VgTextHeader.ForThisHost($"Write from sharplvm sample VG of {lvCount} LVs."));
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }
}
