using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>A PV as the command sees it: each write is a step of <paramref name="crash"/>; <paramref name="afterWrite"/> watches the uncrashed run.</summary>
internal sealed class DyingDevice(IBlockDevice inner, CrashSwitch crash, Action? afterWrite) : IBlockDevice
{
    public string Name => inner.Name;

    public Sectors Size => inner.Size;

    public bool ReadOnly => inner.ReadOnly;

    public void Read(Sectors offset, Span<byte> buffer) => inner.Read(offset, buffer);

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        string what = $"write {Path.GetFileName(Name)}@{offset.Value}+{buffer.Length}";
        if (crash.Step(what, isWrite: true))
        {
            // The fault-injecting device tears a write as the inactive-VG harness does: the sectors covering its first half land.
            var clock = new WriteClock();
            clock.TearWrite(1);
            new FaultInjectingBlockDevice(inner, clock).Write(offset, buffer);
            inner.Flush();
            throw new SimulatedCrash($"{what} (torn)");
        }
        inner.Write(offset, buffer);
        afterWrite?.Invoke();
    }

    public void Flush() => inner.Flush();

    public void Discard(Sectors offset, Sectors length)
    {
        crash.Step($"discard {Path.GetFileName(Name)}@{offset.Value}", isWrite: false);
        inner.Discard(offset, length);
    }

    public void Dispose() => inner.Dispose();
}
