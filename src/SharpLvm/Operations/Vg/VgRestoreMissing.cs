using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>
/// <c>vgextend --restoremissing VG PV…</c>: a PV that came back after the VG was written without it (flagged MISSING in
/// the metadata) rejoins the VG: the flag is cleared and the next write also renews the PV's old metadata, as LVM2 does.
/// A PV that was not missing is skipped with LVM2's warning; when none is restored the command fails.
/// </summary>
public static class VgRestoreMissing
{
    public static IReadOnlyList<string> Run(SystemContext ctx, string vgName, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(paths);
        VgName name = VgNames.ParseExisting(vgName);
        var full = PvPathArgs.Required(paths);
        Action<string> warn = ctx.Warn ?? (_ => { });
        int restored = VgTransaction.Edit(ctx, name, u =>
        {
            int count = 0;
            foreach (string path in full)
            {
                PhysicalVolume? pv = u.Vg.PhysicalVolumes.Find(p => u.PathOf(p) == path);
                if (pv is null || (pv.Flags & PvCompatFlags.Missing) == 0)
                {
                    warn($"WARNING: PV {path} was not missing in VG {u.Vg.Name}");
                    continue;
                }
                pv.Flags &= ~PvCompatFlags.Missing;
                pv.DeviceHint = path;
                count++;
            }
            if (count == 0)
            {
                u.LeaveUnchanged();
            }
            return count;
        }, full, handlesMissingPvs: true);
        return restored == 0
            ? throw new StorageException(ErrorCode.InvalidState, "No PV has been restored.")
            : [$"Volume group \"{name}\" successfully extended"];
    }
}
