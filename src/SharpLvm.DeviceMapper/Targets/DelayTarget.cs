using System.Globalization;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>One "&lt;dev&gt; &lt;offset&gt; &lt;delay ms&gt;" group of a delay target.</summary>
public readonly record struct DelayPath(DeviceRef Device, Sectors Offset, uint Milliseconds)
{
    internal static DelayPath Read(TargetArgs args, string what) =>
        new(args.Device($"{what} device"), args.Sectors($"{what} offset"), args.UInt32($"{what} delay"));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Device} {Offset} {Milliseconds}");
}

/// <summary>
/// dm-delay: "&lt;dev&gt; &lt;off&gt; &lt;ms&gt; [&lt;wdev&gt; &lt;woff&gt; &lt;wms&gt; [&lt;fdev&gt; &lt;foff&gt; &lt;fms&gt;]]".
/// Reads use the first group; writes the second (else the first); flushes the third (else the write group).
/// </summary>
public sealed record DelayTarget(DelayPath Reads, DelayPath? Writes = null, DelayPath? Flushes = null) : TargetParams
{
    public override string TargetType => "delay";

    public DelayPath WritePath => Writes ?? Reads;

    public DelayPath FlushPath => Flushes ?? WritePath;

    private IEnumerable<DelayPath> Groups =>
        Flushes is { } f ? [Reads, Writes ?? Reads, f] : Writes is { } w ? [Reads, w] : [Reads];

    public override IReadOnlyList<DeviceClaim> Claims =>
        [.. Groups.Select(g => g.Device).Distinct().Select(d => new DeviceClaim(d, Exclusive: false))];

    public static DelayTarget Parse(string[] words)
    {
        var args = new TargetArgs("delay", words);
        if (args.Count is not (3 or 6 or 9))
        {
            throw args.Invalid("requires exactly 3, 6 or 9 arguments");
        }
        var reads = DelayPath.Read(args, "read");
        DelayPath? writes = args.AtEnd ? null : DelayPath.Read(args, "write");
        DelayPath? flushes = args.AtEnd ? null : DelayPath.Read(args, "flush");
        return new DelayTarget(reads, writes, flushes);
    }

    public override IEnumerable<DeviceArea> Areas(Sectors length) => Groups.Select(g => new DeviceArea(g.Device, g.Offset, length));

    public override TargetParams WithDevices(Func<DeviceRef, DeviceRef> map) =>
        new DelayTarget(Reads with { Device = map(Reads.Device) },
            Writes is { } w ? w with { Device = map(w.Device) } : null,
            Flushes is { } f ? f with { Device = map(f.Device) } : null);

    public override string FormatParams() => string.Join(' ', Groups);
}
