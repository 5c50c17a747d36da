namespace SharpLvm.DeviceMapper.Targets;

/// <summary>dm-zero: reads return zeros, writes are discarded. No parameters.</summary>
public sealed record ZeroTarget : TargetParams
{
    public static ZeroTarget Instance { get; } = new();

    public override string TargetType => "zero";

    public override IReadOnlyList<DeviceClaim> Claims => [];

    public static ZeroTarget Parse(string[] args) =>
        args.Length == 0 ? Instance : throw TargetRegistry.Invalid("zero", args, "the zero target takes no parameters");

    public override string FormatParams() => "";
}
