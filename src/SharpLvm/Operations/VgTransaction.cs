using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Locking;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations;

/// <summary>
/// The one place VG metadata is written (LVM2's lock → read → archive → change → vg_write → vg_commit →
/// backup → unlock). <see cref="Update{T}"/>: takes <c>V_&lt;vg&gt;</c>, reads the VG inside the lock,
/// applies the change to the model (which may commit midway, <see cref="VgUpdate.CommitIntermediate"/>), archives the old VG before the first write, bumps the seqno, writes the new text to every
/// metadata area (parsing what was written before precommitting), precommits, commits, writes the backup,
/// unlocks. A change that throws leaves the disks untouched; a failure while writing reverts every area
/// (slot 0, the committed copy, is never overwritten), so the VG keeps its seqno and committed text.
/// </summary>
public static partial class VgTransaction
{
    /// <summary>Changes a VG's metadata; returns what the change returns.</summary>
    public static T Update<T>(SystemContext ctx, VgName vg, Func<VolumeGroup, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Edit(ctx, vg, u => change(u.Vg));
    }

    /// <summary>Changes a VG's metadata; returns nothing.</summary>
    public static void Update(SystemContext ctx, VgName vg, Action<VolumeGroup> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Edit(ctx, vg, u =>
        {
            change(u.Vg);
            return true;
        });
    }

    /// <summary>
    /// Like <see cref="Update{T}"/> with access to the devices: the change may add PVs (<see cref="VgUpdate.Attach"/>)
    /// or release them (<see cref="VgUpdate.Release"/>). <paramref name="extraDevices"/> are scanned besides the
    /// context's devices; <paramref name="lockOrphans"/> also takes <c>P_orphans</c>; <paramref name="alsoLock"/>
    /// names more VGs to lock (vgrename's new name).
    /// </summary>
    public static T Edit<T>(SystemContext ctx, VgName vg, Func<VgUpdate, T> change, IEnumerable<string>? extraDevices = null,
        bool lockOrphans = false, IEnumerable<VgName>? alsoLock = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(change);
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [vg, .. alsoLock ?? []], lockOrphans);
        (ScanResult scan, LoadedVg loaded) = LoadForChange(ctx, vg, ctx.DevicesWith(extraDevices ?? []));
        VolumeGroup model = loaded.Vg;
        ulong oldSeqno = model.Seqno;
        string oldName = model.Name.Value;
        string archived = Format.Text.VgText.WriteBackup(model, VgArchiver.BeforeHeader(ctx));
        var update = new VgUpdate(loaded, scan, ctx.OpenDevice);
        var oldLogs = MirrorLogWipe.LogIds(model);
        int writes = 0;
        void Write(bool final)
        {
            if (writes == 0)
            {
                VgArchiver.ArchiveText(ctx, oldName, archived);
            }
            writes++;
            model.Seqno = oldSeqno + (ulong)writes;
            model.UpdateDerived();
            // Writing every area of every PV at the new seqno also repairs copies a crash left stale; PVs that
            // left the VG but still hold its old metadata become orphans (LVM2's _wipe_outdated_pvs).
            IReadOnlyList<string> released = final
                ? [.. update.Released.Union(loaded.OutdatedPvs.Where(p => !update.Paths.Values.Contains(p)))]
                : [];
            MirrorLogWipe.NewLogs(ctx, oldLogs, model, update.PathOf);
            WriteAndCommit(ctx, model, update.Paths, released, writes, final ? update.DeviceWrites : null);
            VgArchiver.Backup(ctx, model);
        }
        update.CommitHandler = () => Write(final: false);
        T result = change(update);
        if (update.Unchanged && writes == 0)
        {
            return result;
        }
        Write(final: true);
        return result;
    }

    /// <summary>Reads a VG under its lock (shared readers still serialize with writers).</summary>
    public static LoadedVg Read(SystemContext ctx, VgName vg)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [vg], orphans: false);
        return Find(ctx.Scan(ctx.Devices), vg);
    }

    /// <summary>Scans <paramref name="devices"/> (under the caller's lock) and finds the VG to change; refused while PVs are missing.</summary>
    private static (ScanResult Scan, LoadedVg Loaded) LoadForChange(SystemContext ctx, VgName vg, IReadOnlyList<string> devices)
    {
        ScanResult scan = ctx.Scan(devices);
        LoadedVg loaded = Find(scan, vg);
        if (loaded.MissingPvCount > 0)
        {
            throw new StorageException(ErrorCode.InvalidState,
                $"Cannot change VG {vg} while PVs are missing.", "Consider vgreduce --removemissing.");
        }
        return (scan, loaded);
    }

    internal static LoadedVg Find(ScanResult scan, VgName vg) =>
        scan.Vgs.FirstOrDefault(v => v.Vg.Name == vg)
        ?? throw new StorageException(ErrorCode.NotFound, $"Volume group \"{vg}\" not found", "Cannot process volume group " + vg.Value);
}
