using SharpLvm.DeviceMapper.Engine.Io;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>The target constructors (<c>ctr</c>): from a line's parameters to a working target (a switch: AOT-safe).</summary>
internal static class TargetFactory
{
    public static ITargetIo Create(TargetLine line, TargetContext context) => line.Params switch
    {
        LinearTarget linear => new LinearIo(context.Open(linear.Device), linear.Offset),
        StripedTarget striped => new StripedIo(striped, context),
        MirrorTarget mirror => new MirrorIo(mirror, line.Length, context),
        ErrorTarget => new ErrorIo(context.DeviceName),
        ZeroTarget => new ZeroIo(context.DeviceName),
        FlakeyTarget flakey => new FlakeyIo(flakey, context),
        DelayTarget delay => new DelayIo(delay, context),
        _ => throw new StorageException(ErrorCode.Unsupported, $"{context.DeviceName}: target type \"{line.Params.TargetType}\" has no engine implementation."),
    };

    /// <summary>Target versions as the 6.1 kernel reports them (<c>dmsetup targets</c>).</summary>
    public static IReadOnlyList<TargetVersion> Versions { get; } =
    [
        new("mirror", 1, 14, 0),
        new("delay", 1, 3, 0),
        new("flakey", 1, 5, 0),
        new("striped", 1, 6, 0),
        new("linear", 1, 4, 0),
        new("zero", 1, 1, 0),
        new("error", 1, 5, 0),
    ];
}

/// <summary>A target type and its version, as DM_LIST_VERSIONS returns them.</summary>
public sealed record TargetVersion(string Name, uint Major, uint Minor, uint Patch);
