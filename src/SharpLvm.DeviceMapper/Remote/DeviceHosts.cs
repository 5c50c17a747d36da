using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>Where a command finds its device-mapper: the daemon when one answers, else (if allowed) an engine in this process.</summary>
public static class DeviceHosts
{
    /// <summary>A client of the daemon on the default control socket, or null when no daemon answers.</summary>
    public static DaemonClient? Connect() => DaemonClient.TryConnect(ControlPaths.ControlSocket);

    /// <summary>The daemon when it runs; otherwise a fresh in-process engine whose devices end with this process.</summary>
    public static IDeviceHost OpenOrInProcess(EngineOptions? options = null) =>
        (IDeviceHost?)Connect() ?? new InProcessDeviceHost(options);

    /// <summary>The daemon, or NotFound telling how to start one (for commands that must leave devices behind).</summary>
    public static DaemonClient Require() => DaemonClient.Connect(ControlPaths.ControlSocket);

    /// <summary>"No sharplvm daemon is running (...)", with the hint to start one.</summary>
    public static StorageException NoDaemon(string socketPath) =>
        new(ErrorCode.NotFound, $"No sharplvm daemon is running (no answer on {socketPath}); start one with `sharplvm daemon --background`.");
}
