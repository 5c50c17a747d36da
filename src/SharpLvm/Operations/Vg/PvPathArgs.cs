using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Operations.Vg;

/// <summary>PV paths given on the command line, as full paths without repeats.</summary>
public static class PvPathArgs
{
    /// <summary>The paths as full paths, in order, each once.</summary>
    public static List<string> Full(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return [.. paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>As <see cref="Full"/>, refusing an empty list with LVM2's words (vgextend).</summary>
    public static List<string> Required(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.Count == 0
            ? throw new StorageException(ErrorCode.InvalidArgument, "Please enter physical volume(s)")
            : Full(paths);
    }
}
