using System.Globalization;
using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Operations;

public static partial class VgTransaction
{
    /// <summary>
    /// vg_write + vg_commit: the new text to every metadata area of every PV of <paramref name="vg"/>, read back
    /// and parsed, precommitted, then committed; then PV_EXT_USED set on PVs that joined and the PVs in
    /// <paramref name="released"/> turned into orphans. <paramref name="write"/> counts the command's writes;
    /// <paramref name="deviceWrites"/> (label and header changes of the command) go first and come back out when
    /// anything fails before the commit step. Any failure before the first commit reverts all areas.
    /// </summary>
    internal static void WriteAndCommit(SystemContext ctx, VolumeGroup vg, IReadOnlyDictionary<string, string> paths, IReadOnlyList<string> released,
        int write = 1, PendingDeviceWrites? deviceWrites = null)
    {
        using PendingMetadata pending = WriteAndPrecommit(ctx, vg, paths, released, write, deviceWrites);
        pending.Commit();
    }

    /// <summary>
    /// vg_write alone: the new text to every metadata area, read back and parsed, then slot 1 (precommit) in
    /// every area. The devices stay open in the returned <see cref="PendingMetadata"/> until it is committed or
    /// reverted; a failure here reverts every area (slot 0 untouched).
    /// </summary>
    internal static PendingMetadata WriteAndPrecommit(SystemContext ctx, VolumeGroup vg, IReadOnlyDictionary<string, string> paths, IReadOnlyList<string> released,
        int write = 1, PendingDeviceWrites? deviceWrites = null)
    {
        // LVM2 numbers the second and later writes of one command: "Write[2] from lvconvert …".
        string nth = write == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"[{write}]");
        byte[] text = VgText.WriteOnDisk(vg, VgArchiver.Header(ctx, $"Write{nth} from {ctx.CommandLine}."));
        string what = $"metadata written for VG {vg.Name}";
        CheckParsesBack(text.AsSpan(0, text.Length - 1), vg, what);
        var devices = new List<(IBlockDevice Device, PhysicalVolumeDisk Disk)>();
        deviceWrites?.Apply();
        try
        {
            foreach (PhysicalVolume pv in vg.PhysicalVolumes)
            {
                string? found = paths.GetValueOrDefault(pv.Id.Raw);
                if (found is null && (pv.Flags & PvCompatFlags.Missing) != 0)
                {
                    continue; // A missing PV (flagged in the text) gets no copy, as in LVM2.
                }
                string path = found
                    ?? throw new StorageException(ErrorCode.NotFound, $"Cannot write VG {vg.Name}: PV {pv.Id} has no device.");
                IBlockDevice device = ctx.OpenDevice(path, false);
                devices.Add((device, PhysicalVolumeDisk.Open(device)));
                if (devices[^1].Disk.Label.PvUuid != pv.Id.Raw)
                {
                    throw new StorageException(ErrorCode.Corrupt, $"Device {path} now carries PV {devices[^1].Disk.Label.PvUuid}, not {pv.Id}.");
                }
            }
            List<MetadataArea> areas = [.. devices.SelectMany(d => d.Disk.MetadataAreas)];
            CheckSpace(vg, areas, (ulong)text.Length);
            List<MetadataArea> used = [.. areas.Where(a => !a.IsIgnored)];
            PrecommitAreas(vg, used, text, what);
            return new PendingMetadata(ctx, devices, used, released, deviceWrites);
        }
        catch
        {
            foreach ((IBlockDevice device, _) in devices)
            {
                device.Dispose();
            }
            deviceWrites?.Revert();
            throw;
        }
    }

    private static void PrecommitAreas(VolumeGroup vg, List<MetadataArea> used, byte[] text, string what)
    {
        // The on-disk layer owns LVM2's order (text to all areas, each re-read and parsed, then every
        // precommit, then every commit); a failure before the commit leaves slot 0 untouched everywhere.
        try
        {
            VgMetadataWriter.WriteAndPrecommit(used, text.AsSpan(0, text.Length - 1), written => CheckParsesBack(written, vg, what));
        }
        catch
        {
            try
            {
                VgMetadataWriter.Revert(used);
            }
            catch (StorageException)
            {
                // Keep the first error: slot 0 still holds the old committed copy.
            }
            throw;
        }
    }

    private static void CheckSpace(VolumeGroup vg, List<MetadataArea> areas, ulong bytesWithNul)
    {
        var used = areas.Where(a => !a.IsIgnored).ToList();
        if (used.Count == 0)
        {
            throw new StorageException(ErrorCode.InvalidState,
                $"Cannot write VG {vg.Name}: none of its PVs has a metadata area in use.", "Use pvchange --metadataignore n on one of them.");
        }
        foreach (MetadataArea area in used)
        {
            if (bytesWithNul - 1 > area.MaxTextSize)
            {
                // Checked before any write: the VG keeps its seqno and committed text everywhere.
                ulong needed = MetadataRing.NeededAreaSize(bytesWithNul);
                throw new StorageException(ErrorCode.NoSpace, string.Create(CultureInfo.InvariantCulture,
                    $"VG {vg.Name} metadata on {area.Device.Name} ({bytesWithNul} bytes) exceeds maximum metadata size ({area.MaxTextSize + 1} bytes); VG {vg.Name} is unchanged"),
                    string.Create(CultureInfo.InvariantCulture,
                        $"its metadata areas need at least {needed} bytes ({(needed + 1023) / 1024} KiB): create the PVs with a larger --metadatasize, or remove LVs to shrink the metadata"));
            }
        }
    }

    private static void CheckParsesBack(ReadOnlySpan<byte> text, VolumeGroup vg, string what)
    {
        VolumeGroup back = VgText.Parse(text, what);
        if (back.Name != vg.Name || back.Seqno != vg.Seqno || back.Id != vg.Id
            || back.PhysicalVolumes.Count != vg.PhysicalVolumes.Count || back.LogicalVolumes.Count != vg.LogicalVolumes.Count)
        {
            throw new StorageException(ErrorCode.Internal, $"The {what} does not read back as VG {vg.Name} seqno {vg.Seqno}.");
        }
    }

    /// <summary>Turns a PV into an orphan: empty metadata areas (keeping their ignored flag), PV_EXT_USED cleared.</summary>
    internal static void MakeOrphan(SystemContext ctx, string path)
    {
        using IBlockDevice device = ctx.OpenDevice(path, false);
        PhysicalVolumeDisk disk = PhysicalVolumeDisk.Open(device);
        foreach (MetadataArea area in disk.MetadataAreas)
        {
            MdaHeader header = area.ReadHeader();
            var slot0 = new RawLocation(0, 0, 0, header.Committed.Flags & RawLocation.IgnoredFlag);
            device.Write(DeviceMapper.Units.Sectors.FromBytes(area.Location.Offset), (header with { Committed = slot0, Precommitted = default }).Encode());
        }
        disk.WriteLabel(disk.Label with { ExtensionFlags = disk.Label.ExtensionFlags & ~LabelLayout.PvExtUsed });
    }
}
