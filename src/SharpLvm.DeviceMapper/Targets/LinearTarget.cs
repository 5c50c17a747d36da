using System.Globalization;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>dm-linear: "&lt;device&gt; &lt;start sector&gt;".</summary>
public sealed record LinearTarget(DeviceRef Device, Sectors Offset) : TargetParams
{
    public override string TargetType => "linear";

    public override IReadOnlyList<DeviceClaim> Claims => [new DeviceClaim(Device, Exclusive: false)];

    public static LinearTarget Parse(string[] args)
    {
        if (args.Length != 2)
        {
            throw TargetRegistry.Invalid("linear", args, "expected <device> <offset>");
        }
        if (!ulong.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong offset))
        {
            throw TargetRegistry.Invalid("linear", args, $"offset \"{args[1]}\" is not a sector count");
        }
        return new LinearTarget(DeviceRef.Parse(args[0]), new Sectors(offset));
    }

    public override string FormatParams() => $"{Device} {Offset}";

    /// <summary>Equal fields print equally (a path never looks like a number), so no printing is needed.</summary>
    public override bool IsEquivalentTo(TargetParams other) => other is LinearTarget l ? l.Device == Device && l.Offset == Offset : base.IsEquivalentTo(other);

    public override IEnumerable<DeviceArea> Areas(Sectors length) => [new DeviceArea(Device, Offset, length)];

    public override TargetParams WithDevices(Func<DeviceRef, DeviceRef> map) => this with { Device = map(Device) };
}
