using System.Globalization;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations.Pv;

namespace SharpLvm.Operations.Vg;

/// <summary>Shared by vgcreate and vgextend: pvcreate what is not a PV yet, and make a model PV of an orphan.</summary>
internal static class VgPvs
{
    /// <summary>Runs pvcreate on the paths that carry no PV label (LVM2's implicit pvcreate); returns its lines.</summary>
    public static List<string> CreateMissing(SystemContext ctx, IReadOnlyList<string> paths, PvCreateOptions options, Sectors? extentSize = null)
    {
        var missing = new List<string>();
        foreach (string path in paths.Select(Path.GetFullPath))
        {
            if (!Path.Exists(path))
            {
                throw new StorageException(ErrorCode.NotFound, $"No device found for {path}.");
            }
            using IBlockDevice device = ctx.OpenDevice(path, true);
            if (!PhysicalVolumeDisk.TryOpen(device, out _))
            {
                missing.Add(path);
                if (extentSize is { } extent)
                {
                    // Check that the PV-to-be holds an extent before writing anything.
                    PvLabel planned = PvFormatter.Plan(device, new PvFormatOptions
                    {
                        MetadataSize = options.MetadataSize,
                        MetadataCopies = options.MetadataCopies,
                        DataAlignment = options.DataAlignment ?? PvFormatOptions.OneMiB,
                        DataAlignmentOffset = options.DataAlignmentOffset,
                        DeviceSize = options.PhysicalVolumeSize,
                        PvUuid = PvUuid.NewRaw(),
                    });
                    _ = FromOrphan(new ScannedPv(path, device.Size, planned.PvUuid, Sectors.FromBytes(planned.DataStart),
                        [.. planned.MetadataAreas.Select(m => new MdaInfo(m.Offset, m.Size, 0, false))], null), extent);
                }
            }
        }
        return missing.Count == 0 ? [] : [.. PvCreate.Run(ctx, missing, options)];
    }

    /// <summary>The model PV for an orphan joining a VG with <paramref name="extentSize"/>.</summary>
    public static PhysicalVolume FromOrphan(ScannedPv orphan, Sectors extentSize)
    {
        ulong end = orphan.DevSize.Value;
        // A second metadata area at the end of the device is not data.
        foreach (MdaInfo mda in orphan.Mdas)
        {
            ulong start = mda.Start >> Sectors.SectorShift;
            if (start > orphan.PeStart.Value && start < end)
            {
                end = start;
            }
        }
        ulong count = end <= orphan.PeStart.Value ? 0 : (end - orphan.PeStart.Value) / extentSize.Value;
        if (count == 0)
        {
            throw new StorageException(ErrorCode.NoSpace, string.Create(CultureInfo.InvariantCulture,
                $"Physical volume {orphan.Path} is too small for one extent of {extentSize.Value} sectors."));
        }
        if (count > uint.MaxValue)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Physical volume {orphan.Path} has too many extents: use a larger extent size.");
        }
        return new PhysicalVolume(LvmUuid.Parse(orphan.PvId))
        {
            DeviceHint = orphan.Path,
            DevSize = orphan.DevSize,
            PeStart = orphan.PeStart,
            PeCount = (uint)count,
            Status = PvStatus.Allocatable,
        };
    }
}
