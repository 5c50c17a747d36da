using SharpLvm.Config;
using SharpLvm.Devices;

namespace SharpLvm.Operations.Pv;

/// <summary>Keeps the devices file in step with pvcreate and pvremove (only when the command uses one).</summary>
public static class PvDevicesFile
{
    private const string Creator = "sharplvm pvcreate";

    /// <summary>Adds or updates the line of <paramref name="path"/> with its PV id.</summary>
    public static void Record(SystemContext ctx, string path, string pvid)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!ctx.UsesDevicesFile || ctx.DevicesFilePath is null)
        {
            return;
        }
        DevicesFile file = File.Exists(ctx.DevicesFilePath) ? DevicesFile.Load(ctx.DevicesFilePath) : new DevicesFile();
        file.Entries.RemoveAll(e => e.Path == path);
        file.Entries.Add(new DevicesFileEntry(DevicesFileEntry.DevNameType, path, path, pvid, null));
        file.Save(ctx.DevicesFilePath, Creator);
    }

    /// <summary>Clears the PV id of <paramref name="path"/> (LVM2 keeps the device line after pvremove).</summary>
    public static void Forget(SystemContext ctx, string path)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!ctx.UsesDevicesFile || ctx.DevicesFilePath is null || !File.Exists(ctx.DevicesFilePath))
        {
            return;
        }
        DevicesFile file = DevicesFile.Load(ctx.DevicesFilePath);
        int i = file.Entries.FindIndex(e => e.Path == path);
        if (i >= 0)
        {
            file.Entries[i] = file.Entries[i] with { Pvid = null };
            file.Save(ctx.DevicesFilePath, Creator);
        }
    }
}
