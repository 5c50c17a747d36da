using System.Collections.Immutable;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>
/// dm-raid1 "mirror": "&lt;log&gt; &lt;#mirrors&gt; &lt;dev&gt; &lt;off&gt;... [&lt;#features&gt; handle_errors [keep_log]]".
/// The legs and the log device are exclusive claims.
/// </summary>
public sealed record MirrorTarget : TargetParams
{
    /// <summary>MAX_NR_MIRRORS: kcopyd's 8 destinations plus the source.</summary>
    public const int MaxLegs = 9;

    public MirrorTarget(MirrorLog log, ImmutableArray<TargetDevice> legs, bool handleErrors = false, bool keepLog = false)
    {
        if (legs.IsDefault || legs.Length < 2 || legs.Length > MaxLegs)
        {
            throw TargetRegistry.Invalid("mirror", [], $"invalid number of mirrors {(legs.IsDefault ? 0 : legs.Length)} (2 to {MaxLegs})");
        }
        if (keepLog && !handleErrors)
        {
            throw TargetRegistry.Invalid("mirror", [], "keep_log feature requires the handle_errors feature");
        }
        Log = log;
        Legs = legs;
        HandleErrors = handleErrors;
        KeepLog = keepLog;
    }

    public MirrorLog Log { get; }

    public ImmutableArray<TargetDevice> Legs { get; }

    public bool HandleErrors { get; }

    public bool KeepLog { get; }

    public override string TargetType => "mirror";

    /// <summary>The log device first, then the legs, all exclusive.</summary>
    public override IReadOnlyList<DeviceClaim> Claims =>
    [
        .. Log.Device is { } log ? [new DeviceClaim(log, Exclusive: true)] : Array.Empty<DeviceClaim>(),
        .. Legs.Select(l => new DeviceClaim(l.Device, Exclusive: true)),
    ];

    public static MirrorTarget Parse(string[] words)
    {
        var args = new TargetArgs("mirror", words);
        var log = MirrorLog.Read(args);
        uint count = args.UInt32("number of mirrors");
        if (count < 2 || count > MaxLegs)
        {
            throw args.Invalid($"invalid number of mirrors {count} (2 to {MaxLegs})");
        }
        var legs = ImmutableArray.CreateBuilder<TargetDevice>((int)count);
        for (int i = 0; i < count; i++)
        {
            legs.Add(TargetDevice.Read(args, $"mirror {i}"));
        }
        bool handleErrors = false, keepLog = false;
        if (!args.AtEnd)
        {
            uint features = args.UInt32("feature count");
            if (features > args.Remaining)
            {
                throw args.Invalid($"{features} features announced, {args.Remaining} given");
            }
            for (uint i = 0; i < features; i++)
            {
                string feature = args.Word("feature");
                switch (feature)
                {
                    case "handle_errors":
                        handleErrors = true;
                        break;
                    case "keep_log":
                        keepLog = true;
                        break;
                    default:
                        throw args.Invalid($"unrecognised feature \"{feature}\" (handle_errors, keep_log)");
                }
            }
            if (keepLog && !handleErrors)
            {
                throw args.Invalid("keep_log feature requires the handle_errors feature");
            }
        }
        args.End("too many mirror arguments");
        return new MirrorTarget(log, legs.MoveToImmutable(), handleErrors, keepLog);
    }

    /// <summary>Region size at most the target length; at most UINT_MAX regions.</summary>
    public override void Validate(Sectors length)
    {
        if (Log.RegionSize > length)
        {
            throw TargetRegistry.Invalid(TargetType, [FormatParams()], $"invalid region size {Log.RegionSize}: larger than the target length {length}");
        }
        if (Log.RegionCount(length) > uint.MaxValue)
        {
            throw TargetRegistry.Invalid(TargetType, [FormatParams()], "region count exceeds 2^32-1");
        }
    }

    public override IEnumerable<DeviceArea> Areas(Sectors length)
    {
        if (Log.Device is { } log)
        {
            yield return new DeviceArea(log, Sectors.Zero, MirrorLog.DiskAreaSize(Log.RegionCount(length)));
        }
        foreach (var leg in Legs)
        {
            yield return new DeviceArea(leg.Device, leg.Offset, length);
        }
    }

    public override TargetParams WithDevices(Func<DeviceRef, DeviceRef> map) =>
        new MirrorTarget(Log.WithDevice(map), [.. Legs.Select(l => l.Map(map))], HandleErrors, KeepLog);

    public override string FormatParams()
    {
        string features = (HandleErrors, KeepLog) switch
        {
            (true, true) => " 2 handle_errors keep_log",
            (true, false) => " 1 handle_errors",
            _ => "",
        };
        return $"{Log}{Legs.Length} {string.Join(' ', Legs)}{features}";
    }

    public bool Equals(MirrorTarget? other) => other is not null && FormatParams() == other.FormatParams();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(FormatParams());
}
