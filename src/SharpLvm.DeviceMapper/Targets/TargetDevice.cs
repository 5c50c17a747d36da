using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>A device and a start sector on it, printed "dev offset" (a stripe, a mirror leg).</summary>
public readonly record struct TargetDevice(DeviceRef Device, Sectors Offset)
{
    internal static TargetDevice Read(TargetArgs args, string what) =>
        new(args.Device($"{what} device"), args.Sectors($"{what} offset"));

    public TargetDevice Map(Func<DeviceRef, DeviceRef> map) => this with { Device = map(Device) };

    public override string ToString() => $"{Device} {Offset}";
}
