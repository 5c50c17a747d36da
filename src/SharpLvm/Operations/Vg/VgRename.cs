using SharpLvm.Archive;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>vgrename OLD NEW: one transaction holding both names' locks; the old backup file goes away.</summary>
public static class VgRename
{
    public static IReadOnlyList<string> Run(SystemContext ctx, string oldName, string newName)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        VgName from = VgNames.ParseExisting(oldName);
        VgName to = VgName.TryParse(newName, out VgName? parsed) ? parsed.Value
            : throw new StorageException(ErrorCode.InvalidArgument, $"New volume group name \"{newName}\" is invalid.");
        if (from == to)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Old and new volume group names need to differ.");
        }
        VgTransaction.Edit(ctx, from, u =>
        {
            if (u.Scan.Vgs.Any(v => v.Vg.Name == to))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"New volume group \"{to}\" already exists");
            }
            _ = VgNames.ParseNew(to.Value);
            u.Vg.Name = to;
            return true;
        }, alsoLock: [to]);
        VgArchiver.RenameBackup(ctx, from);
        return [$"Volume group \"{from}\" successfully renamed to \"{to}\""];
    }
}
