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

    /// <summary>Changes a VG's metadata; returns nothing. <paramref name="handlesMissingPvs"/>: see <see cref="Edit{T}"/>.</summary>
    public static void Update(SystemContext ctx, VgName vg, Action<VolumeGroup> change, bool handlesMissingPvs = false)
    {
        ArgumentNullException.ThrowIfNull(change);
        Edit(ctx, vg, u =>
        {
            change(u.Vg);
            return true;
        }, handlesMissingPvs: handlesMissingPvs);
    }

    /// <summary>
    /// Like <see cref="Update{T}"/> with access to the devices: the change may add PVs (<see cref="VgUpdate.Attach"/>)
    /// or release them (<see cref="VgUpdate.Release"/>). <paramref name="extraDevices"/> are scanned besides the
    /// context's devices; <paramref name="lockOrphans"/> also takes <c>P_orphans</c>; <paramref name="alsoLock"/>
    /// names more VGs to lock (vgrename's new name). <paramref name="handlesMissingPvs"/> is LVM2's cmd->handles_missing_pvs:
    /// the command may change a VG with missing PVs (lvremove, lvchange, vgchange, vgreduce --removemissing); each
    /// write then flags those PVs MISSING in the metadata, as LVM2 does.
    /// </summary>
    public static T Edit<T>(SystemContext ctx, VgName vg, Func<VgUpdate, T> change, IEnumerable<string>? extraDevices = null,
        bool lockOrphans = false, IEnumerable<VgName>? alsoLock = null, bool handlesMissingPvs = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(change);
        using LockSet locks = LockSet.Exclusive(ctx.SystemDir, [vg, .. alsoLock ?? []], lockOrphans);
        (ScanResult scan, LoadedVg loaded) = LoadForChange(ctx, vg, ctx.DevicesWith(extraDevices ?? []), handlesMissingPvs);
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
            MissingPvs.Flag(model, update.Paths);
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
        LoadedVg loaded = Find(ctx.Scan(ctx.Devices), vg);
        WarnMissing(ctx, loaded);
        return loaded;
    }

    /// <summary>
    /// Scans <paramref name="devices"/> (under the caller's lock) and finds the VG to change, warning about missing PVs;
    /// refused while PVs are missing unless the command handles them.
    /// </summary>
    private static (ScanResult Scan, LoadedVg Loaded) LoadForChange(SystemContext ctx, VgName vg, IReadOnlyList<string> devices, bool handlesMissingPvs)
    {
        ScanResult scan = ctx.Scan(devices);
        LoadedVg loaded = Find(scan, vg);
        WarnMissing(ctx, loaded);
        if (loaded.MissingPvCount > 0 && !handlesMissingPvs)
        {
            throw MissingPvs.CannotChange(vg);
        }
        return (scan, loaded);
    }

    /// <summary>LVM2's warnings on reading a VG with missing PVs, to <see cref="SystemContext.Warn"/>.</summary>
    internal static void WarnMissing(SystemContext ctx, LoadedVg loaded)
    {
        if (ctx.Warn is { } warn)
        {
            foreach (string line in MissingPvWarnings.For(loaded))
            {
                warn(line);
            }
        }
    }

    internal static LoadedVg Find(ScanResult scan, VgName vg) =>
        scan.Vgs.FirstOrDefault(v => v.Vg.Name == vg)
        ?? throw new StorageException(ErrorCode.NotFound, $"Volume group \"{vg}\" not found", "Cannot process volume group " + vg.Value);
}
