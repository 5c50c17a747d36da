using System.Text;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Names;

/// <summary>A device-mapper uuid: 1–128 bytes (DM_UUID_LEN 129 with the NUL), printable, no spaces.</summary>
public readonly record struct DmUuid
{
    public const int MaxBytes = 128;

    private readonly string? _value;

    private DmUuid(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("default DmUuid");

    public static DmUuid Parse(string value)
    {
        if (value.Length == 0 || Encoding.UTF8.GetByteCount(value) > MaxBytes || value.Any(c => char.IsControl(c) || c == ' '))
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                $"Invalid device-mapper uuid \"{value}\": 1 to {MaxBytes} printable bytes without spaces.");
        }
        return new DmUuid(value);
    }

    /// <summary>True when this uuid starts with <paramref name="prefix"/> (the deptree's VG-scope filter).</summary>
    public bool HasPrefix(string prefix) => Value.StartsWith(prefix, StringComparison.Ordinal);

    public override string ToString() => Value;
}
