using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>
/// A range of an underlying device that a target uses (the kernel's <c>iterate_devices</c>):
/// the engine checks at load that it lies inside the device.
/// </summary>
public readonly record struct DeviceArea(DeviceRef Device, Sectors Start, Sectors Length)
{
    public Sectors End => Start + Length;
}
