using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.Nbd.Exports;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// Keeps one NBD export per active LV device ("vg/lv", see <see cref="LvDeviceName"/>) in step with the engine:
/// re-synced after every control operation; before a device is removed or renamed its export is retired
/// (connections drain, bounded by <see cref="DrainTimeout"/>) so nothing of ours holds it. The drains are waited
/// for outside the lock: a device whose requests are held (suspended) delays its own removal only, never the
/// control operations on other devices; meanwhile the leaving device is not exported again.
/// </summary>
internal sealed class LvExports(UserspaceDeviceMapper engine, NbdExportSet exports, Action<string>? log = null, TimeSpan? drainTimeout = null)
    : IControlHooks
{
    /// <summary>How long retiring exports wait for their connections' requests (a suspended device may hold them).</summary>
    public TimeSpan DrainTimeout { get; } = drainTimeout ?? TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DeviceNumber> _current = new(StringComparer.Ordinal);

    /// <summary>Devices being removed or renamed now (a count per device): not exported until that is done.</summary>
    private readonly Dictionary<DeviceNumber, int> _leaving = [];

    public void Remove(DmName name, Action remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        DeviceNumber? number;
        List<Retiring> retiring;
        lock (_lock)
        {
            number = engine.TryGetInfo(name)?.Number;
            if (number is { } leaving)
            {
                _leaving[leaving] = _leaving.GetValueOrDefault(leaving) + 1;
            }
            retiring = [.. _current.Where(e => e.Value == number).Select(e => e.Key).ToList().Select(BeginRetire)];
        }
        try
        {
            WaitDrained(retiring);
            remove();
        }
        finally
        {
            lock (_lock)
            {
                if (number is { } leaving && --_leaving[leaving] == 0)
                {
                    _leaving.Remove(leaving);
                }
                retiring = SyncLocked();
            }
            WaitDrained(retiring);
        }
    }

    public void Changed()
    {
        List<Retiring> retiring;
        lock (_lock)
        {
            retiring = SyncLocked();
        }
        WaitDrained(retiring);
    }

    /// <summary>Retires every export (daemon shutdown).</summary>
    public void Clear()
    {
        List<Retiring> retiring;
        lock (_lock)
        {
            retiring = [.. _current.Keys.ToList().Select(BeginRetire)];
        }
        WaitDrained(retiring);
    }

    private List<Retiring> SyncLocked()
    {
        var wanted = new Dictionary<string, DeviceInfo>(StringComparer.Ordinal);
        foreach (var info in engine.List())
        {
            if (info.HasLiveTable && !_leaving.ContainsKey(info.Number) && LvDeviceName.ExportName(info) is { } exportName)
            {
                wanted[exportName] = info;
            }
        }
        var retiring = new List<Retiring>();
        foreach (var (export, number) in _current.ToList())
        {
            if (!wanted.TryGetValue(export, out var info) || info.Number != number)
            {
                retiring.Add(BeginRetire(export));
            }
        }
        foreach (var (export, info) in wanted)
        {
            if (!_current.ContainsKey(export))
            {
                exports.Add(new NbdExport(export, new EngineDeviceView(engine, info.Name, info.ReadOnly), $"device {info.Name} ({info.Number})"));
                _current.Add(export, info.Number);
                log?.Invoke($"nbd: exporting {export} ({info.Name})");
            }
        }
        return retiring;
    }

    /// <summary>Takes the export out of the set at once (its name is free again); its connections drain in the background.</summary>
    private Retiring BeginRetire(string export)
    {
        _current.Remove(export);
        return new Retiring(export, exports.RemoveAsync(export));
    }

    /// <summary>Waits (never under the lock) for the retiring exports' connections, up to <see cref="DrainTimeout"/> in all.</summary>
    private void WaitDrained(List<Retiring> retiring)
    {
        long deadline = Environment.TickCount64 + (long)DrainTimeout.TotalMilliseconds;
        foreach (var (export, drained) in retiring)
        {
            if (!drained.Wait(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64))))
            {
                log?.Invoke($"nbd: export {export} still has requests in flight after {DrainTimeout.TotalSeconds} s; removing anyway");
            }
            log?.Invoke($"nbd: export {export} removed");
        }
    }

    private readonly record struct Retiring(string Export, Task Drained);
}
