using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Format.Disk;

/// <summary>
/// Formats a device as a new PV the way LVM2 2.03's <c>pvcreate</c> lays it out: label in sector 1,
/// the first metadata area at one page (4096) ending on an aligned boundary that is also pe_start,
/// an optional bootloader area between them, and an optional second area at the end of the device.
/// </summary>
public static class PvFormatter
{
    /// <summary>Bytes zeroed at the start of each new metadata area (8 sectors).</summary>
    private const int WipeSize = 4096;

    /// <summary>Computes the label pvcreate would write, without touching the device.</summary>
    public static PvLabel Plan(IBlockDevice device, PvFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        ulong total = options.DeviceSize ?? device.Size.Bytes;
        Check(total <= device.Size.Bytes && total % Sectors.SectorSize == 0, device,
            $"PV size {total} bytes is larger than the device ({device.Size.Bytes} bytes) or not whole sectors");
        Check(options.MetadataCopies is >= 0 and <= 2, device, $"--pvmetadatacopies must be 0, 1 or 2, not {options.MetadataCopies}");
        Check(options.DataAlignment > 0 && options.DataAlignment % Sectors.SectorSize == 0
            && options.DataAlignmentOffset % Sectors.SectorSize == 0, device,
            "--dataalignment and --dataalignmentoffset must be whole sectors");
        Check(options.PageSize >= LabelLayout.ScanSectors * LabelLayout.SectorSize && options.PageSize % Sectors.SectorSize == 0,
            device, $"page size {options.PageSize} is not valid");

        ulong page = options.PageSize;
        ulong requested = options.MetadataSize ?? (PvFormatOptions.OneMiB - page);
        requested = RoundUp(requested, Sectors.SectorSize);
        ulong minimum = 8 * page; // MDA_SIZE_MIN
        var mdas = new List<DiskLocation>();
        ulong areaEnd = options.MetadataCopies == 0 ? AlignUp(page, options) : AlignUp(page + requested, options);
        if (options.MetadataCopies > 0)
        {
            CheckAreaSize(device, areaEnd - page, minimum);
            mdas.Add(new DiskLocation(page, areaEnd - page));
        }
        var bootloader = new List<DiskLocation>();
        ulong peStart = areaEnd;
        if (options.BootloaderAreaSize > 0)
        {
            peStart = AlignUp(areaEnd + RoundUp(options.BootloaderAreaSize, Sectors.SectorSize), options);
            bootloader.Add(new DiskLocation(areaEnd, peStart - areaEnd));
        }
        Check(peStart < total, device, $"device of {total} bytes is too small for a PV with data starting at {peStart}");
        if (options.MetadataCopies == 2)
        {
            ulong start = total - Math.Min(requested, total);
            start -= start % options.DataAlignment;
            Check(start >= peStart && start + 2 * (ulong)MdaHeader.HeaderSize <= total, device,
                $"device of {total} bytes is too small for a second metadata area of {requested} bytes");
            CheckAreaSize(device, total - start, minimum);
            mdas.Add(new DiskLocation(start, total - start));
        }
        return new PvLabel
        {
            PvUuid = options.PvUuid ?? PvUuid.NewRaw(),
            DeviceSize = total,
            DataAreas = [new DiskLocation(peStart, 0)],
            MetadataAreas = mdas,
            ExtensionFlags = options.InVg ? LabelLayout.PvExtUsed : 0,
            BootloaderAreas = bootloader,
        };
    }

    /// <summary>Writes a new PV: wipes old labels in sectors 0..3, writes empty metadata areas, then the label.</summary>
    public static PhysicalVolumeDisk Format(IBlockDevice device, PvFormatOptions options)
    {
        var label = Plan(device, options);
        WipeLabels(device);
        foreach (var area in label.MetadataAreas)
        {
            device.Write(Sectors.FromBytes(area.Offset), new byte[Math.Min(WipeSize, (int)area.Size)]);
            device.Write(Sectors.FromBytes(area.Offset), new MdaHeader(area.Offset, area.Size, default, default).Encode());
        }
        device.Write(new Sectors(label.Sector), label.Encode());
        device.Flush();
        return PhysicalVolumeDisk.Open(device);
    }

    /// <summary>Zeroes every sector 0..3 that carries an LVM label id (as LVM2's label_remove does).</summary>
    public static void WipeLabels(IBlockDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var sector = new byte[LabelLayout.SectorSize];
        for (ulong s = 0; s < Math.Min((ulong)LabelLayout.ScanSectors, device.Size.Value); s++)
        {
            device.Read(new Sectors(s), sector);
            if (sector.AsSpan(0, LabelLayout.IdLength).SequenceEqual(LabelLayout.LabelId))
            {
                device.Write(new Sectors(s), new byte[LabelLayout.SectorSize]);
            }
        }
    }

    /// <summary>The first point k·alignment + offset at or after <paramref name="value"/>.</summary>
    private static ulong AlignUp(ulong value, PvFormatOptions options)
    {
        ulong offset = options.DataAlignmentOffset;
        return value <= offset ? offset : offset + RoundUp(value - offset, options.DataAlignment);
    }

    private static ulong RoundUp(ulong value, ulong unit) => (value + unit - 1) / unit * unit;

    private static void CheckAreaSize(IBlockDevice device, ulong size, ulong minimum) =>
        Check(size >= minimum, device, $"metadata area size too small: {size} bytes. It must be at least {minimum} bytes");

    private static void Check(bool condition, IBlockDevice device, string problem)
    {
        if (!condition)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Cannot create a PV on {device.Name}: {problem}.");
        }
    }
}
