using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations;

/// <summary>Tag lists as LVM2 edits them (--addtag/--deltag): the tag charset, at most 1024 characters, no duplicates.</summary>
public static class Tags
{
    public const int MaxLength = 1024;

    public static void Validate(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag.Length == 0 || tag.Length > MaxLength || !tag.All(NameRules.IsTagChar))
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Invalid argument for --addtag: {tag}");
        }
    }

    /// <summary>Adds and removes tags; the list stays in the order LVM2 keeps (appended).</summary>
    public static void Apply(List<string> tags, IEnumerable<string> add, IEnumerable<string> delete)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (string tag in add)
        {
            Validate(tag);
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        foreach (string tag in delete)
        {
            Validate(tag);
            tags.Remove(tag);
        }
    }
}
