using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Reliability;

/// <summary>A device that calls <paramref name="afterWrite"/> once each write has landed (the uncrashed run watches the images through it).</summary>
internal sealed class ObservedDevice(IBlockDevice inner, Action afterWrite) : IBlockDevice
{
    public string Name => inner.Name;

    public Sectors Size => inner.Size;

    public bool ReadOnly => inner.ReadOnly;

    public void Read(Sectors offset, Span<byte> buffer) => inner.Read(offset, buffer);

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        inner.Write(offset, buffer);
        afterWrite();
    }

    public void Flush() => inner.Flush();

    public void Discard(Sectors offset, Sectors length) => inner.Discard(offset, length);

    public void Dispose() => inner.Dispose();
}
