using SharpLvm.DeviceMapper.Engine;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// Recognises the device of a visible LV among the engine's devices: a uuid of "LVM-" + 64 characters (VG id
/// and LV id, no layer suffix) and a name that splits, undoing LVM2's doubled hyphens, into exactly VG and LV,
/// where the LV name is not a hidden sub-LV (reserved substrings after its first '_').
/// </summary>
internal static class LvDeviceName
{
    private const string UuidPrefix = "LVM-";
    private const int IdChars = 64;

    private static readonly string[] HiddenSubstrings =
    [
        "_cdata", "_cmeta", "_corig", "_cpool", "_cvol", "_wcorig", "_mimage", "_mlog", "_rimage", "_rmeta",
        "_tdata", "_tmeta", "_vdata", "_imeta", "_iorig", "_pmspare", "_vorigin",
    ];

    /// <summary>"vg/lv" for the device of a visible LV, else null.</summary>
    public static string? ExportName(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Uuid is not { } uuid || uuid.Value.Length != UuidPrefix.Length + IdChars
            || !uuid.Value.StartsWith(UuidPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        return TrySplit(info.Name.Value, out string? vg, out string? lv) && !IsHidden(lv) ? $"{vg}/{lv}" : null;
    }

    /// <summary>dm_split_lvm_name for a name with no layer: "my--vg-lv--1" → ("my-vg", "lv-1").</summary>
    public static bool TrySplit(string name, out string vg, out string lv)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<System.Text.StringBuilder> { new() };
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != '-')
            {
                parts[^1].Append(name[i]);
            }
            else if (i + 1 < name.Length && name[i + 1] == '-')
            {
                parts[^1].Append('-');
                i++;
            }
            else
            {
                parts.Add(new());
            }
        }
        vg = parts[0].ToString();
        lv = parts.Count > 1 ? parts[1].ToString() : "";
        return parts.Count == 2 && vg.Length > 0 && lv.Length > 0;
    }

    private static bool IsHidden(string lv)
    {
        if (lv.StartsWith("pvmove", StringComparison.Ordinal) || lv.StartsWith("snapshot", StringComparison.Ordinal))
        {
            return true;
        }
        int underscore = lv.IndexOf('_', StringComparison.Ordinal);
        return underscore >= 0 && HiddenSubstrings.Any(s => lv.IndexOf(s, underscore, StringComparison.Ordinal) >= 0);
    }
}
