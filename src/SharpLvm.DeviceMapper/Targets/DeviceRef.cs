using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>A device named in a table line: "major:minor" (as the kernel prints) or an absolute path.</summary>
public readonly record struct DeviceRef
{
    private DeviceRef(DeviceNumber? number, string? path)
    {
        Number = number;
        Path = path;
    }

    public DeviceNumber? Number { get; }

    public string? Path { get; }

    public static DeviceRef Of(DeviceNumber number) => new(number, null);

    public static DeviceRef OfPath(string path) =>
        path.StartsWith('/') ? new(null, path) : throw new StorageException(ErrorCode.InvalidTable, $"Invalid device \"{path}\": expected major:minor or an absolute path.");

    public static DeviceRef Parse(string token) =>
        DeviceNumber.TryParse(token, out var number) ? Of(number) : OfPath(token);

    public override string ToString() => Number?.ToString() ?? Path!;
}

/// <summary>
/// A device a table uses, and whether it claims it exclusively. Two live tables may share a device
/// through non-exclusive claims (two linear maps over one PV); an exclusive claim (a mirror leg or log,
/// a snapshot's COW) must be the only live user. The safety checker proves this for every plan.
/// </summary>
public readonly record struct DeviceClaim(DeviceRef Device, bool Exclusive);
