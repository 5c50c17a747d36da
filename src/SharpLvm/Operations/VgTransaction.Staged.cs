using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Locking;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations;

public static partial class VgTransaction
{
    /// <summary>
    /// Starts a change whose write and commit the caller drives (the active-VG update idiom): takes <c>V_&lt;vg&gt;</c>,
    /// reads the VG. The caller changes <see cref="StagedVgChange.Vg"/>, then <see cref="StagedVgChange.Precommit"/>,
    /// then <see cref="StagedVgChange.Commit"/> or <see cref="StagedVgChange.Revert"/>. Disposing unlocks.
    /// </summary>
    /// <remarks><paramref name="handlesMissingPvs"/>: the VG may have missing PVs (activation reads it so; it writes nothing).</remarks>
    public static StagedVgChange Begin(SystemContext ctx, VgName vg, bool handlesMissingPvs = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        LockSet locks = LockSet.Exclusive(ctx.SystemDir, [vg], orphans: false);
        try
        {
            (ScanResult scan, LoadedVg loaded) = LoadForChange(ctx, vg, ctx.Devices, handlesMissingPvs);
            return new StagedVgChange(ctx, locks, loaded, scan);
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The newest precommitted copy left on the VG's metadata areas by a command that stopped between precommit and
    /// commit, or during its commit (same seqno as the newest committed copy: some areas committed it, others not);
    /// null when there is none or it is older than the committed one.
    /// </summary>
    public static VolumeGroup? ReadPrecommitted(SystemContext ctx, LoadedVg loaded)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(loaded);
        if (!loaded.Mdas.Any(m => m.UncommittedPrecommit))
        {
            // The scan read every area header: nothing is left precommitted, no device needs reading again.
            return null;
        }
        VolumeGroup? newest = null;
        ForEachArea(ctx, loaded, readOnly: true, area =>
        {
            MdaHeader header = area.ReadHeader();
            if (header.Committed.IsIgnored || header.Precommitted.IsEmpty || header.Precommitted.Offset == header.Committed.Offset)
            {
                return;
            }
            MetadataCopy? copy = area.ReadPrecommitted();
            if (copy is null)
            {
                return;
            }
            VolumeGroup vg = VgText.Parse(copy.Text.Span, $"precommitted metadata on {copy.Device} at offset {copy.ByteOffset}");
            if (vg.Id == loaded.Vg.Id && vg.Seqno >= loaded.Vg.Seqno && (newest is null || vg.Seqno > newest.Seqno))
            {
                newest = vg;
            }
        });
        return newest;
    }

    /// <summary>
    /// True when every metadata area of the VG holds seqno <paramref name="seqno"/>, committed or precommitted: the
    /// precommit had been written everywhere before the command stopped (a crash in the middle of writing it leaves
    /// some areas without it, and committing those that have it would leave the areas disagreeing).
    /// </summary>
    public static bool HeldEverywhere(SystemContext ctx, LoadedVg loaded, ulong seqno)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(loaded);
        bool everywhere = true;
        ForEachArea(ctx, loaded, readOnly: true, area =>
        {
            if (area.ReadHeader().Committed.IsIgnored)
            {
                return;
            }
            bool held = (area.ReadPrecommitted() is { } pre && VgText.Summarize(pre.Text).Seqno == seqno)
                || (area.ReadCommitted() is { } committed && VgText.Summarize(committed.Text).Seqno == seqno);
            everywhere &= held;
        });
        return everywhere;
    }

    /// <summary>Recovery: commits what slot 1 names (true) or clears slot 1 (false) on every metadata area of the VG.</summary>
    public static void ResolvePrecommitted(SystemContext ctx, LoadedVg loaded, bool commit)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(loaded);
        ForEachArea(ctx, loaded, readOnly: false, area =>
        {
            if (commit)
            {
                area.CommitPrecommitted();
            }
            else
            {
                area.Revert();
            }
        });
    }

    private static void ForEachArea(SystemContext ctx, LoadedVg loaded, bool readOnly, Action<MetadataArea> action)
    {
        foreach (ScannedPv? pv in loaded.Devices)
        {
            if (pv is null)
            {
                continue;
            }
            using IBlockDevice device = ctx.OpenDevice(pv.Path, readOnly);
            foreach (MetadataArea area in PhysicalVolumeDisk.Open(device).MetadataAreas)
            {
                action(area);
            }
        }
    }
}

/// <summary>One VG change under its lock, written in two steps (see <see cref="VgTransaction.Begin"/>).</summary>
public sealed class StagedVgChange : IDisposable
{
    private readonly SystemContext _ctx;
    private readonly LockSet _locks;
    private readonly string _archived;
    private readonly string _oldName;
    private PendingMetadata? _pending;

    internal StagedVgChange(SystemContext ctx, LockSet locks, LoadedVg loaded, ScanResult scan)
    {
        _ctx = ctx;
        _locks = locks;
        Loaded = loaded;
        _oldName = loaded.Vg.Name.Value;
        _archived = VgText.WriteBackup(loaded.Vg, VgArchiver.BeforeHeader(ctx));
        Committed = VgText.Parse(_archived, $"committed metadata of {loaded.Vg.Name}");
        Committed.UpdateDerived();
        Update = new VgUpdate(loaded, scan, ctx.OpenDevice);
    }

    public LoadedVg Loaded { get; }

    /// <summary>The VG to change (the same object as <see cref="VgUpdate.Vg"/>).</summary>
    public VolumeGroup Vg => Loaded.Vg;

    /// <summary>A separate copy of the VG as committed when the change began: the "old" metadata.</summary>
    public VolumeGroup Committed { get; }

    public VgUpdate Update { get; }

    /// <summary>vg_write: archives the old VG, bumps the seqno, writes the text and precommits (slot 1).</summary>
    public void Precommit()
    {
        if (_pending is not null)
        {
            throw new StorageException(ErrorCode.InvalidState, $"VG {Vg.Name}: metadata already precommitted.");
        }
        Vg.Seqno = Committed.Seqno + 1;
        MissingPvs.Flag(Vg, Update.Paths);
        Vg.UpdateDerived();
        VgArchiver.ArchiveText(_ctx, _oldName, _archived);
        MirrorLogWipe.NewLogs(_ctx, MirrorLogWipe.LogIds(Committed), Vg, Update.PathOf);
        _pending = VgTransaction.WriteAndPrecommit(_ctx, Vg, Update.Paths, Update.Released);
    }

    /// <summary>vg_commit: slot 0 of every area names the new text; then the backup file.</summary>
    public void Commit()
    {
        var pending = _pending ?? throw new StorageException(ErrorCode.InvalidState, $"VG {Vg.Name}: nothing precommitted to commit.");
        pending.Commit();
        _pending = null;
        VgArchiver.Backup(_ctx, Vg);
    }

    /// <summary>vg_revert: slot 1 cleared; the old seqno stays committed.</summary>
    public void Revert()
    {
        _pending?.Revert();
        _pending = null;
        Vg.Seqno = Committed.Seqno;
    }

    /// <summary>Closes the devices (a pending precommit stays on disk, as after a crash) and unlocks.</summary>
    public void Dispose()
    {
        _pending?.Dispose();
        _locks.Dispose();
    }
}
