using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// One of the engine's devices as an NBD export sees it: each request opens the device for just its own
/// duration, so an idle export does not count in the open count (LVM can still deactivate the LV) while a
/// request in flight does. Requests wait while the device is suspended.
/// </summary>
internal sealed class EngineDeviceView(UserspaceDeviceMapper engine, DmName device, bool readOnly) : IBlockDevice
{
    public string Name => device.Value;

    public Sectors Size
    {
        get
        {
            using var handle = engine.Open(device);
            return handle.Size;
        }
    }

    public bool ReadOnly => readOnly;

    public void Read(Sectors offset, Span<byte> buffer)
    {
        using var handle = engine.Open(device);
        handle.Read(offset, buffer);
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        using var handle = engine.Open(device);
        handle.Write(offset, buffer);
    }

    public void Flush()
    {
        using var handle = engine.Open(device);
        handle.Flush();
    }

    public void Discard(Sectors offset, Sectors length)
    {
        using var handle = engine.Open(device);
        handle.Discard(offset, length);
    }

    public void Dispose()
    {
        // Nothing held between requests.
    }
}
