using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Model;
using VgTextSummary = SharpLvm.Format.Text.VgTextSummary;

namespace SharpLvm.Metadata;

/// <summary>
/// The read path: open each device read-only, read its label and the committed copy in each metadata
/// area, take the copy with the highest seqno per VG id, parse it into the model, and pair each PV of
/// the VG with the device carrying its uuid. Devices without a label are skipped, as LVM2 skips them;
/// a damaged label, header or text is an error naming the device.
/// </summary>
public static class VgReader
{
    public static ScanResult Scan(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = new List<(ScannedPv Pv, List<MetadataCopy> Copies)>();
        foreach (string path in paths)
        {
            using FileBlockDevice device = FileBlockDevice.Open(path, readOnly: true);
            if (ScanDevice(device, path) is { } result)
            {
                found.Add(result);
            }
        }
        return Assemble(found);
    }

    /// <summary>Reads one device; null when it has no LVM2 label.</summary>
    internal static (ScannedPv Pv, List<MetadataCopy> Copies)? ScanDevice(IBlockDevice device, string path)
    {
        if (!PhysicalVolumeDisk.TryOpen(device, out PhysicalVolumeDisk? disk))
        {
            return null;
        }
        var mdas = new List<MdaInfo>();
        var copies = new List<MetadataCopy>();
        foreach (MetadataArea area in disk.MetadataAreas)
        {
            MdaHeader header = area.ReadHeader();
            mdas.Add(new MdaInfo(area.Location.Offset, area.Location.Size, header.Committed.Size, header.Committed.IsIgnored));
            if (area.ReadCommitted() is { } copy)
            {
                copies.Add(copy);
            }
        }
        var pv = new ScannedPv(path, device.Size, disk.Label.PvUuid, Sectors.FromBytes(disk.Label.DataStart), mdas, null);
        return (pv, copies);
    }

    private static ScanResult Assemble(List<(ScannedPv Pv, List<MetadataCopy> Copies)> found)
    {
        // Newest copy per VG id (LVM2 uses the highest seqno and warns about older copies).
        var newest = new Dictionary<string, (VgTextSummary Summary, MetadataCopy Copy)>(StringComparer.Ordinal);
        foreach ((_, List<MetadataCopy> copies) in found)
        {
            foreach (MetadataCopy copy in copies)
            {
                VgTextSummary summary = VgText.Summarize(copy.Text);
                string key = summary.VgId;
                if (!newest.TryGetValue(key, out var current) || summary.Seqno > current.Summary.Seqno)
                {
                    newest[key] = (summary, copy);
                }
            }
        }
        var byUuid = new Dictionary<string, ScannedPv>(StringComparer.Ordinal);
        foreach ((ScannedPv pv, _) in found)
        {
            if (!byUuid.TryAdd(pv.PvId, pv))
            {
                throw new StorageException(ErrorCode.Busy,
                    $"Devices {byUuid[pv.PvId].Path} and {pv.Path} have the same PV uuid {pv.PvId}.",
                    "list only one of them with --devices");
            }
        }
        var vgs = new List<LoadedVg>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach ((VgTextSummary _, MetadataCopy copy) in newest.Values)
        {
            VolumeGroup vg = VgText.Parse(copy.Text.Span, $"metadata on {copy.Device} at offset {copy.ByteOffset}");
            var devices = new List<ScannedPv?>(vg.PhysicalVolumes.Count);
            foreach (PhysicalVolume pv in vg.PhysicalVolumes)
            {
                ScannedPv? device = byUuid.GetValueOrDefault(pv.Id.Raw);
                devices.Add(device is null ? null : device with { VgName = vg.Name.Value });
                used.Add(pv.Id.Raw);
            }
            vgs.Add(new LoadedVg(vg, devices));
        }
        vgs.Sort((a, b) => string.CompareOrdinal(a.Vg.Name.Value, b.Vg.Name.Value));
        var orphans = found.Select(f => f.Pv).Where(p => !used.Contains(p.PvId)).ToList();
        return new ScanResult(vgs, orphans);
    }
}
