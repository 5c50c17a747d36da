using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Metadata;

/// <summary>
/// The read path: open the devices read-only, let the on-disk scanner find every PV and the newest committed
/// copy per VG, parse that copy into the model, and pair each PV of the VG with the device carrying its uuid.
/// Devices without a label are skipped, as LVM2 skips them; a damaged label, header or text is an error
/// naming the device (the first one found).
/// </summary>
public static class VgReader
{
    public static ScanResult Scan(IReadOnlyList<string> paths, Config.DeviceOpener? open = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        open ??= Config.DeviceOpeners.File;
        var devices = new List<IBlockDevice>(paths.Count);
        try
        {
            foreach (string path in paths)
            {
                devices.Add(open(path, true));
            }
            return Scan(devices);
        }
        finally
        {
            foreach (IBlockDevice device in devices)
            {
                device.Dispose();
            }
        }
    }

    /// <summary>Scans open devices (their names are the paths reported).</summary>
    public static ScanResult Scan(IReadOnlyList<IBlockDevice> devices)
    {
        VgScanResult scan = VgDiskScanner.Scan(devices, VgText.Summarize);
        if (scan.Problems.Count > 0)
        {
            throw scan.Problems[0];
        }
        var loaded = new List<LoadedVg>();
        foreach (ScannedVg found in scan.Vgs)
        {
            MetadataCopy copy = found.Newest;
            VolumeGroup vg = VgText.Parse(copy.Text.Span, $"metadata on {copy.Device} at offset {copy.ByteOffset}");
            var byUuid = found.Pvs.ToDictionary(p => p.Label.PvUuid, StringComparer.Ordinal);
            var pvs = vg.PhysicalVolumes
                .Select(pv => byUuid.TryGetValue(pv.Id.Raw, out PhysicalVolumeDisk? disk) ? Describe(disk, vg.Name.Value) : null)
                .ToList();
            List<string> outdated = [.. found.StaleCopies.Select(c => c.Device).Distinct(StringComparer.Ordinal)
                .Where(d => !scan.Vgs.Any(v => v.Pvs.Any(p => p.Device.Name == d)))];
            loaded.Add(new LoadedVg(vg, pvs, found.StaleCopies, outdated));
        }
        loaded.Sort((a, b) => string.CompareOrdinal(a.Vg.Name.Value, b.Vg.Name.Value));
        return new ScanResult(loaded, scan.Orphans.Select(o => Describe(o, null)).ToList());
    }

    /// <summary>What the reports need of a PV's device: path, size, data start and metadata areas.</summary>
    internal static ScannedPv Describe(PhysicalVolumeDisk disk, string? vgName)
    {
        var mdas = disk.MetadataAreas.Select(area =>
        {
            MdaHeader header = area.ReadHeader();
            return new MdaInfo(area.Location.Offset, area.Location.Size, header.Committed.Size, header.Committed.IsIgnored)
            {
                UncommittedPrecommit = !header.Precommitted.IsEmpty && header.Precommitted.Offset != header.Committed.Offset,
            };
        }).ToList();
        return new ScannedPv(disk.Device.Name, disk.Device.Size, disk.Label.PvUuid, Sectors.FromBytes(disk.Label.DataStart), mdas, vgName)
        {
            InVg = disk.Label.InVg,
        };
    }

    /// <summary>The summariser for <see cref="PvckDump"/> and the scanner: the text layer's.</summary>
    public static Func<ReadOnlyMemory<byte>, VgTextSummary> Summarizer => VgText.Summarize;

    /// <summary>Whether a text parses as VG metadata (pvck's parse check).</summary>
    public static bool Parses(ReadOnlyMemory<byte> text)
    {
        try
        {
            _ = VgText.Parse(text.Span);
            return true;
        }
        catch (StorageException)
        {
            return false;
        }
    }
}
