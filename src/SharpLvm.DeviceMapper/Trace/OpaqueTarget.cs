using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Trace;

/// <summary>
/// A target type this engine does not know (snapshot, thin, raid, ...), met in a real log. Its parameters
/// are kept as text; every "major:minor" word counts as an exclusive claim, the cautious reading, so the
/// checker can still reason about devices it cannot parse.
/// </summary>
public sealed record OpaqueTarget(string Type, string Params) : TargetParams
{
    public override string TargetType => Type;

    public override IReadOnlyList<DeviceClaim> Claims =>
        [.. Params.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => Names.DeviceNumber.TryParse(w, out _))
            .Select(w => new DeviceClaim(DeviceRef.Parse(w), Exclusive: true))];

    public override string FormatParams() => Params;
}
