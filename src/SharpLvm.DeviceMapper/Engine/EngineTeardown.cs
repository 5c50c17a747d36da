using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// How an engine that holds real data is shut down (end of an in-process command, daemon SIGTERM): flush
/// every device that is not suspended, then remove devices top-down — a removal runs the mirrors' suspend
/// hooks, which write their disk logs clean — and finally dispose the engine for whatever stayed busy.
/// </summary>
public static class EngineTeardown
{
    public static void Run(UserspaceDeviceMapper engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var info in engine.List().Where(d => d.HasLiveTable && !d.Suspended))
        {
            try
            {
                using var handle = engine.Open(info.Name);
                handle.Flush();
            }
            catch (StorageException)
            {
                // A device that fails its flush (error target, failed legs) is still removed below.
            }
        }
        while (true)
        {
            var devices = engine.List();
            if (devices.Count == 0)
            {
                break;
            }
            var used = new HashSet<DeviceNumber>();
            foreach (var d in devices)
            {
                used.UnionWith(engine.GetDependencies(d.Name));
                used.UnionWith(engine.GetDependencies(d.Name, inactive: true));
            }
            int removed = 0;
            foreach (var top in devices.Where(d => !used.Contains(d.Number)))
            {
                try
                {
                    engine.Remove(top.Name);
                    removed++;
                }
                catch (StorageException)
                {
                    // Still open (a handle not yet closed): left to the engine's Dispose below.
                }
            }
            if (removed == 0)
            {
                break;
            }
        }
        engine.Dispose();
    }
}
