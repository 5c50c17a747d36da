using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations;

/// <summary>
/// What a change inside <see cref="VgTransaction.Edit{T}"/> sees: the VG read under the lock (mutate it),
/// the whole scan (to find orphan PVs), and the PV ↔ device pairing, which vgextend and vgreduce change.
/// </summary>
public sealed class VgUpdate
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly List<string> _released = [];

    internal VgUpdate(LoadedVg loaded, ScanResult scan, Config.DeviceOpener open)
    {
        Open = open;
        DeviceWrites = new PendingDeviceWrites(open);
        Loaded = loaded;
        Scan = scan;
        foreach (PhysicalVolume pv in loaded.Vg.PhysicalVolumes)
        {
            if (loaded.DeviceOf(pv) is { } device)
            {
                _paths[pv.Id.Raw] = device.Path;
            }
        }
    }

    public VolumeGroup Vg => Loaded.Vg;

    /// <summary>The VG as read (its <see cref="LoadedVg.Vg"/> is the same object as <see cref="Vg"/>).</summary>
    public LoadedVg Loaded { get; }

    public ScanResult Scan { get; }

    /// <summary>Device paths of PVs that leave the VG in this change (they become orphans).</summary>
    public IReadOnlyList<string> Released => _released;

    /// <summary>The device path of a PV of the VG (null when missing).</summary>
    public string? PathOf(PhysicalVolume pv)
    {
        ArgumentNullException.ThrowIfNull(pv);
        return _paths.GetValueOrDefault(pv.Id.Raw);
    }

    /// <summary>Records that <paramref name="pv"/> (added to the VG by the change) lives on <paramref name="path"/>.</summary>
    public void Attach(PhysicalVolume pv, string path)
    {
        ArgumentNullException.ThrowIfNull(pv);
        _paths[pv.Id.Raw] = path;
    }

    /// <summary>Records that <paramref name="pv"/> (removed from the VG by the change) becomes an orphan.</summary>
    public void Release(PhysicalVolume pv)
    {
        ArgumentNullException.ThrowIfNull(pv);
        if (!_paths.Remove(pv.Id.Raw, out string? path))
        {
            throw new StorageException(ErrorCode.NotFound, $"Physical volume {pv.Id} of volume group \"{Vg.Name}\" has no device.");
        }
        _released.Add(path);
    }

    /// <summary>True when the change asked for no commit (<see cref="LeaveUnchanged"/>): nothing is written.</summary>
    public bool Unchanged { get; private set; }

    /// <summary>The change found nothing to do (LVM2 exits 0 without a commit, e.g. lvconvert to the same image count).</summary>
    public void LeaveUnchanged() => Unchanged = true;

    /// <summary>
    /// LVM2's vg_write + vg_commit in the middle of a command (the mirror code commits several times): writes the VG
    /// as it is now with the next seqno. What the change does afterwards goes into later commits; a failure after
    /// this point leaves this commit on disk, as LVM2's does.
    /// </summary>
    public void CommitIntermediate() => (CommitHandler ?? throw new InvalidOperationException("this update cannot commit midway"))();

    internal Action? CommitHandler { get; set; }

    /// <summary>Label and metadata area header writes that go with the final commit (and are undone if it fails).</summary>
    internal PendingDeviceWrites DeviceWrites { get; }

    /// <summary>How the command opens devices (the context's opener).</summary>
    internal Config.DeviceOpener Open { get; }

    internal IReadOnlyDictionary<string, string> Paths => _paths;
}
