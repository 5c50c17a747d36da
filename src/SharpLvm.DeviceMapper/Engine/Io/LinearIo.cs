using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>dm-linear: sector + offset on one device; flush and discard pass through.</summary>
internal sealed class LinearIo(IBlockDevice device, Sectors offset) : ITargetIo
{
    public void Read(Sectors sector, Span<byte> buffer) => device.Read(offset + sector, buffer);

    public void Write(Sectors sector, ReadOnlySpan<byte> buffer) => device.Write(offset + sector, buffer);

    public void Flush() => device.Flush();

    public void Discard(Sectors sector, Sectors length) => device.Discard(offset + sector, length);

    public void Dispose()
    {
    }
}
