using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>Maps a target type name to its parser (a switch, so it stays trimming- and AOT-safe).</summary>
public static class TargetRegistry
{
    /// <summary>The target types this engine knows, as <c>dmsetup targets</c> lists them.</summary>
    public static IReadOnlyList<string> Known { get; } = ["linear", "striped", "mirror", "error", "zero", "flakey", "delay"];

    public static TargetParams Parse(string type, string parameters)
    {
        string[] args = parameters.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return type switch
        {
            "linear" => LinearTarget.Parse(args),
            "error" => ErrorTarget.Parse(args),
            "zero" => ZeroTarget.Parse(args),
            "striped" => StripedTarget.Parse(args),
            "mirror" => MirrorTarget.Parse(args),
            "flakey" => FlakeyTarget.Parse(args),
            "delay" => DelayTarget.Parse(args),
            _ => throw new StorageException(ErrorCode.InvalidTable, $"Unknown target type \"{type}\".",
                $"known types: {string.Join(", ", Known)}"),
        };
    }

    internal static StorageException Invalid(string type, string[] args, string why) =>
        new(ErrorCode.InvalidTable, $"Invalid {type} parameters \"{string.Join(' ', args)}\": {why}.");
}
