using System.Text;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Names;

/// <summary>
/// A device-mapper device name, validated as the kernel does: 1–127 bytes (DM_NAME_LEN 128 with the NUL),
/// no '/', not "." or "..".
/// </summary>
public readonly record struct DmName
{
    public const int MaxBytes = 127;

    private readonly string? _value;

    private DmName(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("default DmName");

    public static DmName Parse(string value) =>
        TryValidate(value, out string? reason)
            ? new DmName(value)
            : throw new StorageException(ErrorCode.InvalidArgument, $"Invalid device-mapper name \"{value}\": {reason}.");

    public static bool TryParse(string? value, out DmName name)
    {
        if (value is not null && TryValidate(value, out _))
        {
            name = new DmName(value);
            return true;
        }
        name = default;
        return false;
    }

    private static bool TryValidate(string value, out string? reason)
    {
        reason = value.Length == 0 ? "empty"
            : Encoding.UTF8.GetByteCount(value) > MaxBytes ? $"longer than {MaxBytes} bytes"
            : value.Contains('/', StringComparison.Ordinal) ? "contains '/'"
            : value is "." or ".." ? "reserved"
            : value.Any(char.IsControl) ? "contains a control character"
            : null;
        return reason is null;
    }

    public override string ToString() => Value;
}
