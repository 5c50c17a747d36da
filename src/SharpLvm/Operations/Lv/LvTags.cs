using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>lvchange <c>--addtag</c>/<c>--deltag</c> on the model.</summary>
public static class LvTags
{
    public const int MaxTagLength = 1024;

    public static void Validate(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (string tag in tags)
        {
            if (tag.Length == 0 || tag.Length > MaxTagLength || !tag.All(NameRules.IsTagChar))
            {
                throw new StorageException(ErrorCode.InvalidArgument, $"Invalid tag \"{tag}\": allowed characters are A-Z a-z 0-9 _ + . - / = ! : & #.");
            }
        }
    }

    /// <summary>Adds and removes tags; returns true when the LV changed.</summary>
    public static bool Apply(VolumeGroup vg, string lvName, IReadOnlyList<string> add, IReadOnlyList<string> delete, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(delete);
        ArgumentNullException.ThrowIfNull(output);
        Validate(add);
        Validate(delete);
        LogicalVolume lv = LvLookup.Find(vg, lvName);
        bool changed = false;
        foreach (string tag in delete)
        {
            changed |= lv.Tags.Remove(tag);
        }
        foreach (string tag in add)
        {
            if (!lv.Tags.Contains(tag))
            {
                lv.Tags.Add(tag);
                changed = true;
            }
        }
        output.Print($"Logical volume {vg.Name}/{lv.Name} changed.");
        return changed;
    }
}
