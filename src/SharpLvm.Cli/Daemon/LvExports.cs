using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.Nbd.Exports;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// Keeps one NBD export per active LV device ("vg/lv", see <see cref="LvDeviceName"/>) in step with the engine:
/// re-synced after every control operation; before a device is removed or renamed its export is retired
/// (connections drain, bounded by <see cref="DrainTimeout"/>) so nothing of ours holds it.
/// </summary>
internal sealed class LvExports(UserspaceDeviceMapper engine, NbdExportSet exports, Action<string>? log = null) : IControlHooks
{
    /// <summary>How long a retiring export waits for its connections' requests (a suspended device may hold them).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DeviceNumber> _current = new(StringComparer.Ordinal);

    public void Remove(DmName name, Action remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        lock (_lock)
        {
            var number = engine.TryGetInfo(name)?.Number;
            foreach (var (export, n) in _current.Where(e => e.Value == number).ToList())
            {
                Retire(export);
            }
            try
            {
                remove();
            }
            finally
            {
                SyncLocked();
            }
        }
    }

    public void Changed()
    {
        lock (_lock)
        {
            SyncLocked();
        }
    }

    /// <summary>Retires every export (daemon shutdown).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (string export in _current.Keys.ToList())
            {
                Retire(export);
            }
        }
    }

    private void SyncLocked()
    {
        var wanted = new Dictionary<string, DeviceInfo>(StringComparer.Ordinal);
        foreach (var info in engine.List())
        {
            if (info.HasLiveTable && LvDeviceName.ExportName(info) is { } exportName)
            {
                wanted[exportName] = info;
            }
        }
        foreach (var (export, number) in _current.ToList())
        {
            if (!wanted.TryGetValue(export, out var info) || info.Number != number)
            {
                Retire(export);
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
    }

    private void Retire(string export)
    {
        _current.Remove(export);
        var drained = exports.RemoveAsync(export);
        if (!drained.Wait(DrainTimeout))
        {
            log?.Invoke($"nbd: export {export} still has requests in flight after {DrainTimeout.TotalSeconds} s; removing anyway");
        }
        log?.Invoke($"nbd: export {export} removed");
    }
}
