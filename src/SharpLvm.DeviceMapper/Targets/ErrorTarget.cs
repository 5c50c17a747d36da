namespace SharpLvm.DeviceMapper.Targets;

/// <summary>dm-error: every I/O fails. No parameters (the kernel ignores any it is given; we refuse them).</summary>
public sealed record ErrorTarget : TargetParams
{
    public static ErrorTarget Instance { get; } = new();

    public override string TargetType => "error";

    public override IReadOnlyList<DeviceClaim> Claims => [];

    public static ErrorTarget Parse(string[] args) =>
        args.Length == 0 ? Instance : throw TargetRegistry.Invalid("error", args, "the error target takes no parameters");

    public override string FormatParams() => "";
}
