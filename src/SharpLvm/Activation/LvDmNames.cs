using SharpLvm.DeviceMapper.Names;
using SharpLvm.Model;

namespace SharpLvm.Activation;

/// <summary>
/// Device-mapper names and uuids of LVs (lvm2-reference §2.1–2.3): the name is <c>vg-lv[-layer]</c> with every
/// <c>-</c> of each part doubled (no hyphen before a layer starting with <c>_</c>); the uuid is <c>LVM-</c> +
/// VG id + LV id without dashes, plus <c>-real</c> for hidden mirror images and logs and for a temporary
/// <c>_mimagetmp_</c> layer (LVM2 2.03.36 and later; older releases wrote no suffix, which
/// <see cref="SameLv"/> accepts as the same LV).
/// </summary>
public static class LvDmNames
{
    /// <summary>The prefix of every LVM uuid.</summary>
    public const string UuidPrefix = "LVM-";

    /// <summary>The suffix LVM2 gives hidden mirror images, logs and temporary layers.</summary>
    public const string RealSuffix = "real";

    /// <summary>Length of a uuid without suffix: prefix + two 32-character ids.</summary>
    public const int LvUuidLength = 4 + (2 * LvmUuid.Length);

    public static DmName Name(VgName vg, LvName lv, string? layer = null) => Name(vg.Value, lv.Value, layer);

    public static DmName Name(string vg, string lv, string? layer = null)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        string name = Quote(vg) + "-" + Quote(lv);
        if (!string.IsNullOrEmpty(layer))
        {
            name += (layer[0] == '_' ? "" : "-") + Quote(layer);
        }
        return DmName.Parse(name);
    }

    /// <summary>The inverse of <see cref="Name(string, string, string?)"/>: vg, lv and layer ("" when none); false for a name that is not LVM's.</summary>
    public static bool TrySplit(string dmName, out string vg, out string lv, out string layer)
    {
        ArgumentNullException.ThrowIfNull(dmName);
        var parts = new List<string>(3);
        var current = new System.Text.StringBuilder();
        for (int i = 0; i < dmName.Length; i++)
        {
            if (dmName[i] != '-')
            {
                current.Append(dmName[i]);
            }
            else if (i + 1 < dmName.Length && dmName[i + 1] == '-')
            {
                current.Append('-');
                i++;
            }
            else
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }
        parts.Add(current.ToString());
        vg = parts[0];
        lv = parts.Count > 1 ? parts[1] : "";
        layer = parts.Count > 2 ? parts[2] : "";
        return parts.Count is 2 or 3 && vg.Length > 0 && lv.Length > 0;
    }

    /// <summary>The uuid prefix shared by every device of a VG.</summary>
    public static string VgPrefix(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        return UuidPrefix + vg.Id.Raw;
    }

    /// <summary>The uuid of an LV's device, with the suffix LVM2 derives from its role.</summary>
    public static DmUuid Uuid(VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        string suffix = RoleSuffix(lv);
        return DmUuid.Parse(VgPrefix(vg) + lv.Id.Raw + (suffix.Length == 0 ? "" : "-" + suffix));
    }

    /// <summary>build_dm_uuid's suffix without a layer: <c>real</c> for hidden mirror images and logs and <c>_mimagetmp_</c> layers.</summary>
    public static string RoleSuffix(LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        bool hidden = (lv.Status & LvStatus.Visible) == 0;
        if (lv.Name.Value.Contains("_mimagetmp_", StringComparison.Ordinal)
            || (hidden && (lv.Role & (LvRole.MirrorImage | LvRole.MirrorLog)) != 0))
        {
            return RealSuffix;
        }
        return "";
    }

    /// <summary>The VG id + LV id part of an LVM uuid (null when <paramref name="uuid"/> is not LVM's).</summary>
    public static string? LvidOf(DmUuid uuid)
    {
        string value = uuid.Value;
        return value.StartsWith(UuidPrefix, StringComparison.Ordinal) && value.Length >= LvUuidLength
            ? value[UuidPrefix.Length..LvUuidLength]
            : null;
    }

    /// <summary>True when both uuids name the same LV (same lvid; suffix ignored, as LVM2's uuid fallbacks).</summary>
    public static bool SameLv(DmUuid a, DmUuid b) => LvidOf(a) is { } x && x == LvidOf(b);

    private static string Quote(string part) => part.Replace("-", "--", StringComparison.Ordinal);
}
