using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Activation;

/// <summary>lvextend, lvreduce, lvremove and lvrename on LVs that may be active: the metadata change goes live through <see cref="ActiveVgUpdate"/>.</summary>
public static class LiveLvChange
{
    public static void Resize(SystemContext ctx, VgName vg, string lvName, LvResizeRequest request, IDeviceHost host, LvOutput output,
        ActivationOptions? options = null) =>
        ActiveVgUpdate.Run(ctx, vg, host, (tx, _) =>
        {
            LvResize.Apply(tx.Vg, lvName, request, output);
            return true;
        }, options: options);

    /// <summary>
    /// lvremove: an active LV is refused unless <paramref name="force"/> (LVM2 asks; -f/-y answer yes); then its
    /// devices are removed (top-down) before the metadata without it is committed.
    /// </summary>
    public static void Remove(SystemContext ctx, VgName vg, string lvName, bool force, IDeviceHost host, LvOutput output,
        ActivationOptions? options = null) =>
        ActiveVgUpdate.Run(ctx, vg, host, (tx, live) =>
        {
            LogicalVolume lv = LvLookup.FindUserLv(tx.Vg, lvName, "remove");
            if (live.Of(tx.Vg, lv) is not null && !force)
            {
                throw new StorageException(ErrorCode.Busy, $"Logical volume {vg}/{lvName} is active.",
                    "Deactivate it first, or use -f to deactivate and remove it.");
            }
            LvRemove.Apply(tx.Vg, lvName, output);
            return true;
        }, options: options, handlesMissingPvs: true);

    /// <summary>lvrename: an active LV's devices are renamed with the metadata (same uuid, new name), as LVM2 does.</summary>
    public static void Rename(SystemContext ctx, VgName vg, string lvName, LvName newName, IDeviceHost host, LvOutput output,
        ActivationOptions? options = null) =>
        ActiveVgUpdate.Run(ctx, vg, host, (tx, _) =>
        {
            LvRename.Apply(tx.Vg, lvName, newName, output);
            return true;
        }, options: options);
}
