using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Model;

namespace SharpLvm.Activation;

/// <summary>
/// Devices of a VG left suspended by a command that died between the suspend and resume walks of its plan (I/O to
/// them waits for ever). No table may be loaded while any device is suspended (the safety checker's
/// LoadWhileSuspended rule, the kernel's memory-pressure deadlock), so no plan towards the metadata can be made
/// over them, and resuming them as they are is not safe either: a suspended parent's live table may use a device
/// whose error table (it was leaving the stack) is already live, so its I/O would fail. But every suspend of a plan
/// comes after all of its loads: the inactive tables left behind are the whole new state the dead command had
/// prepared, and its precommitted metadata asks for it. So the resume walk is finished: a plan whose desired table
/// is each device's inactive table where it has one and its live table elsewhere (no load; leaving devices resume
/// first, then bottom-up), checked by the safety checker as any plan. The recovery then finds the live tables equal
/// to the precommitted metadata and rolls it forward. This relies on the VG's write lock: a command holding it that
/// finds the VG's devices suspended knows the command that suspended them is dead, not still running.
/// </summary>
public static class InterruptedUpdate
{
    /// <summary>Returns true when devices of <paramref name="vg"/> were found suspended and their resume walk was finished.</summary>
    public static bool Finish(IDeviceHost host, VolumeGroup vg, ActivationOptions options)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(options);
        var live = LiveVgDevices.Read(host, vg);
        var suspended = live.Devices.Where(d => d.Suspended).Select(d => d.Name.Value).ToList();
        if (suspended.Count == 0)
        {
            return false;
        }
        options.Write(DmLogLevel.Warning,
            $"WARNING: VG {vg.Name}: {string.Join(", ", suspended)} left suspended by a command that stopped: finishing its resume.");
        var desired = new DesiredState();
        foreach (DeviceInfo device in live.Devices)
        {
            Table? table = (device.HasInactiveTable ? host.GetTable(device.Name, inactive: true) : null) ?? host.GetTable(device.Name);
            if (table is not null)
            {
                desired.Add(new DesiredDevice(device.Name, device.Uuid, table, NodeFlags.SkipReloadWhenEquivalent | NodeFlags.NoFlush));
            }
        }
        ActiveVgUpdate.Execute(host, desired, options);
        return true;
    }

    /// <summary>
    /// True when a plan only removes devices whose live table is an error table that no live table uses: devices
    /// a finished update had left the stack (their replacement went live) and that only wait for their removal.
    /// </summary>
    internal static bool OnlyLeftoversToRemove(IDeviceHost host, Plan plan)
    {
        var used = host.List().SelectMany(d => host.GetDependencies(d.Name)).ToHashSet();
        return plan.Steps.All(s => s.Kind == StepKind.Remove
            && host.TryGetInfo(s.Name) is { } info && !used.Contains(info.Number)
            && host.GetTable(s.Name) is { Lines: [{ Params: ErrorTarget }] });
    }
}
