using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Metadata;

/// <summary>
/// One VG opened for change: its devices read-write, its model from the newest committed copy.
/// <see cref="Commit"/> is LVM2's vg_write + vg_commit: bump the seqno, write the text once, parse what was
/// written before anything points at it, precommit on every metadata area, then commit on every one.
/// <see cref="WriteText"/> is that areas step alone, and the one write path: VgTransaction runs it too, in a session
/// over the disks it opened (<see cref="Over"/>).
/// </summary>
public sealed class VgWriteSession : IDisposable
{
    private readonly List<IBlockDevice> _devices;
    private readonly List<PhysicalVolumeDisk> _pvs;

    private VgWriteSession(List<IBlockDevice> devices, List<PhysicalVolumeDisk> pvs, VolumeGroup vg)
    {
        _devices = devices;
        _pvs = pvs;
        Vg = vg;
    }

    /// <summary>The VG to change; <see cref="Commit"/> writes it.</summary>
    public VolumeGroup Vg { get; }

    /// <summary>
    /// A session for a VG not yet on disk: <paramref name="pvs"/> are freshly formatted PVs (empty metadata
    /// areas) and <paramref name="vg"/> the model to write first. The caller keeps ownership of the devices.
    /// </summary>
    public static VgWriteSession ForNewVg(IReadOnlyList<IBlockDevice> devices, IReadOnlyList<PhysicalVolumeDisk> pvs, VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(pvs);
        ArgumentNullException.ThrowIfNull(vg);
        // Devices stay with the caller: the session disposes none of them.
        return new VgWriteSession([], [.. pvs], vg);
    }

    /// <summary>A session over PVs the caller opened and keeps (a transaction that has read the VG itself).</summary>
    public static VgWriteSession Over(IReadOnlyList<PhysicalVolumeDisk> pvs, VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(pvs);
        ArgumentNullException.ThrowIfNull(vg);
        return new VgWriteSession([], [.. pvs], vg);
    }

    /// <summary>Opens the devices read-write and reads the VG named <paramref name="vgName"/>.</summary>
    public static VgWriteSession Open(IReadOnlyList<string> paths, string vgName)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var devices = new List<IBlockDevice>();
        try
        {
            foreach (string path in paths)
            {
                devices.Add(FileBlockDevice.Open(path, readOnly: false));
            }
            VgScanResult scan = VgDiskScanner.Scan(devices, VgReader.Summarizer);
            if (scan.Problems.Count > 0)
            {
                throw scan.Problems[0];
            }
            ScannedVg found = scan.Vgs.FirstOrDefault(v => v.VgName == vgName)
                ?? throw new StorageException(ErrorCode.NotFound, $"Volume group \"{vgName}\" not found");
            VolumeGroup vg = VgText.Parse(found.Newest.Text.Span, $"metadata on {found.Newest.Device} at offset {found.Newest.ByteOffset}");
            var missing = vg.PhysicalVolumes.Where(pv => !found.Pvs.Any(d => d.Label.PvUuid == pv.Id.Raw)).ToList();
            if (missing.Count > 0)
            {
                throw new StorageException(ErrorCode.NotFound,
                    $"Volume group \"{vgName}\": PV {missing[0].Id} is missing; refusing to write to a partial VG.",
                    "list all of the VG's devices with --devices");
            }
            return new VgWriteSession(devices, [.. found.Pvs], vg);
        }
        catch
        {
            devices.ForEach(d => d.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Writes <see cref="Vg"/> with the next seqno to every metadata area of its PVs (the on-disk layer's
    /// <see cref="VgMetadataWriter"/> keeps LVM2's order). On a failure before the commit step every area is
    /// reverted (slot 1 cleared) and slot 0 still names the old copy.
    /// </summary>
    public void Commit(VgTextHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        Vg.Seqno++;
        Vg.UpdateDerived();
        byte[] text = VgText.WriteOnDisk(Vg, header);
        VerifyRoundTrip(text, header);
        try
        {
            WriteText(text.AsSpan(0, text.Length - 1), written => VerifyWritten(text, written, Vg.Name.Value));
        }
        catch
        {
            Vg.Seqno--;
            throw;
        }
    }

    /// <summary>
    /// The areas step of every VG write: <paramref name="text"/> (without its NUL) to every metadata area in use (ignored
    /// ones are left alone), each copy read back and given to <paramref name="verify"/>, then every precommit, then
    /// every commit. A failure before the commit step reverts every area (slot 0 keeps the old copy) and rethrows.
    /// </summary>
    public void WriteText(ReadOnlySpan<byte> text, Action<ReadOnlySpan<byte>> verify)
    {
        ArgumentNullException.ThrowIfNull(verify);
        List<MetadataArea> used = [.. _pvs.SelectMany(pv => pv.MetadataAreas).Where(a => !a.IsIgnored)];
        try
        {
            VgMetadataWriter.WriteAndPrecommit(used, text, verify);
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
        VgMetadataWriter.Commit(used);
    }

    // "Parse what you wrote before committing it": the text must parse back into the same VG.
    private void VerifyRoundTrip(byte[] text, VgTextHeader header)
    {
        VolumeGroup again = VgText.Parse(text.AsSpan(), $"new metadata of {Vg.Name.Value}");
        again.Seqno = Vg.Seqno;
        if (!VgText.WriteOnDisk(again, header).AsSpan().SequenceEqual(text))
        {
            throw new StorageException(ErrorCode.Internal,
                $"New metadata of VG {Vg.Name.Value} (seqno {Vg.Seqno}) does not parse back to the same VG; nothing written.");
        }
    }

    private static void VerifyWritten(byte[] expected, ReadOnlySpan<byte> written, string vgName)
    {
        // The copy read back may or may not include the NUL the text was written with.
        if (!written.SequenceEqual(expected) && !written.SequenceEqual(expected.AsSpan(0, expected.Length - 1)))
        {
            throw new StorageException(ErrorCode.IoError,
                $"Metadata of VG {vgName} read back from a metadata area differs from what was written.");
        }
        _ = VgText.Parse(written, $"metadata of VG {vgName} as written");
    }

    public void Dispose() => _devices.ForEach(d => d.Dispose());
}
