using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

public sealed partial class UserspaceDeviceMapper
{
    /// <summary>
    /// Drives the mirrors of a device's live table once (what one kmirrord pass does): regions whose writes
    /// finished are written clean, then one out-of-sync region is recovered. True when a region was recovered.
    /// Does nothing while the device is suspended. Works in either <see cref="ResyncMode"/>.
    /// </summary>
    public bool ResyncStep(DmName name)
    {
        bool recovered = false;
        foreach (var mirror in Mirrors(name))
        {
            recovered |= mirror.Step();
        }
        return recovered;
    }

    /// <summary>Recovers every out-of-sync region of the device's mirrors now, then cleans the log.</summary>
    public void Resync(DmName name)
    {
        while (ResyncStep(name))
        {
        }
        foreach (var mirror in Mirrors(name))
        {
            mirror.UpdateStates();
        }
    }

    /// <summary>Waits until every mirror of the live table is in sync (driven by the background workers); false on timeout.</summary>
    public bool WaitForSync(DmName name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Mirrors(name).All(m => m.InSync))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            if (Options.Resync == ResyncMode.Manual)
            {
                ResyncStep(name);
            }
            else
            {
                Thread.Sleep(5);
            }
        }
        return true;
    }

    private List<MirrorIo> Mirrors(DmName name)
    {
        lock (_lock)
        {
            var live = Find(name).Live ?? throw new StorageException(ErrorCode.InvalidState, $"Device {name} has no live table.");
            return [.. live.Targets.OfType<MirrorIo>()];
        }
    }
}
