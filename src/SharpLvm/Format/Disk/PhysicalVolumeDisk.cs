using System.Diagnostics.CodeAnalysis;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Format.Disk;

/// <summary>
/// A PV as it sits on one device: its label (label_header + pv_header) and its 0–2 metadata areas.
/// Opening checks that the areas the label names lie inside the device.
/// </summary>
public sealed class PhysicalVolumeDisk
{
    private PhysicalVolumeDisk(IBlockDevice device, PvLabel label)
    {
        Device = device;
        Label = label;
        var areas = new MetadataArea[label.MetadataAreas.Count];
        for (int i = 0; i < areas.Length; i++)
        {
            areas[i] = new MetadataArea(device, i, label.MetadataAreas[i]);
        }
        MetadataAreas = areas;
    }

    public IBlockDevice Device { get; }

    public PvLabel Label { get; private set; }

    public IReadOnlyList<MetadataArea> MetadataAreas { get; }

    /// <summary>False when the device carries no LVM2 label; throws Corrupt when the label or layout is damaged.</summary>
    public static bool TryOpen(IBlockDevice device, [NotNullWhen(true)] out PhysicalVolumeDisk? pv)
    {
        ArgumentNullException.ThrowIfNull(device);
        pv = null;
        if (!PvLabel.TryRead(device, out var label))
        {
            return false;
        }
        CheckLayout(device, label);
        pv = new PhysicalVolumeDisk(device, label);
        return true;
    }

    /// <summary>Opens a PV; a device without a label is NotFound.</summary>
    public static PhysicalVolumeDisk Open(IBlockDevice device) =>
        TryOpen(device, out var pv) ? pv : throw new StorageException(ErrorCode.NotFound,
            $"No physical volume label read from {device.Name}.", "Create one with pvcreate.");

    /// <summary>Rewrites the label sector (e.g. to set or clear PV_EXT_USED).</summary>
    public void WriteLabel(PvLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        Device.Write(new Sectors(label.Sector), label.Encode());
        Device.Flush();
        Label = label;
    }

    private static void CheckLayout(IBlockDevice device, PvLabel label)
    {
        ulong deviceBytes = device.Size.Bytes;
        ulong labelAt = label.ByteOffset;
        if (label.DeviceSize > deviceBytes)
        {
            throw DiskErrors.Corrupt(device.Name, labelAt + LabelLayout.DeviceSize,
                $"PV size {label.DeviceSize} bytes recorded in the pv_header is larger than the device ({deviceBytes} bytes): the device is truncated");
        }
        for (int i = 0; i < label.DataAreas.Count; i++)
        {
            var area = label.DataAreas[i];
            if (area.Offset >= deviceBytes || area.Size > deviceBytes - area.Offset)
            {
                throw DiskErrors.Corrupt(device.Name, labelAt + LabelLayout.DiskAreas + (ulong)(i * DiskLocation.EncodedSize),
                    $"data area {area.Offset}+{area.Size} lies outside the device ({deviceBytes} bytes)");
            }
        }
        ulong mdaListAt = labelAt + LabelLayout.DiskAreas + (ulong)((label.DataAreas.Count + 1) * DiskLocation.EncodedSize);
        for (int i = 0; i < label.MetadataAreas.Count; i++)
        {
            var area = label.MetadataAreas[i];
            if (area.Offset % Sectors.SectorSize != 0 || area.Offset < LabelLayout.ScanSectors * LabelLayout.SectorSize
                || area.Size < 2 * (ulong)MdaHeader.HeaderSize || area.Size % Sectors.SectorSize != 0
                || area.Offset >= deviceBytes || area.Size > deviceBytes - area.Offset)
            {
                throw DiskErrors.Corrupt(device.Name, mdaListAt + (ulong)(i * DiskLocation.EncodedSize),
                    $"metadata area {area.Offset}+{area.Size} is misaligned or lies outside the device ({deviceBytes} bytes)");
            }
        }
    }
}
