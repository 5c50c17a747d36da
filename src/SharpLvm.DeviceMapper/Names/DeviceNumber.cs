using System.Globalization;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Names;

/// <summary>A device number, printed as the kernel prints it in tables: "major:minor".</summary>
public readonly record struct DeviceNumber(uint Major, uint Minor) : IComparable<DeviceNumber>
{
    /// <summary>The major the kernel's device-mapper registered on Debian's kernels in our fixtures is 254 or 253; we use 253.</summary>
    public const uint DeviceMapperMajor = 253;

    public static bool TryParse(ReadOnlySpan<char> text, out DeviceNumber number)
    {
        int colon = text.IndexOf(':');
        if (colon > 0
            && uint.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out uint major)
            && uint.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out uint minor))
        {
            number = new DeviceNumber(major, minor);
            return true;
        }
        number = default;
        return false;
    }

    public static DeviceNumber Parse(string text) =>
        TryParse(text, out var n) ? n : throw new StorageException(ErrorCode.InvalidArgument, $"Invalid device number \"{text}\": expected major:minor.");

    public int CompareTo(DeviceNumber other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}:{Minor}");
}
