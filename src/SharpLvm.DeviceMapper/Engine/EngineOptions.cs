namespace SharpLvm.DeviceMapper.Engine;

/// <summary>How mirrors resynchronise: a background worker per mirror (as kmirrord), or only when driven.</summary>
public enum ResyncMode
{
    /// <summary>Each live mirror has a worker thread that recovers regions and cleans the log.</summary>
    Background,
    /// <summary>Nothing happens until <see cref="UserspaceDeviceMapper.ResyncStep"/> or <see cref="UserspaceDeviceMapper.Resync"/> is called.</summary>
    Manual,
}

/// <summary>Options of a <see cref="UserspaceDeviceMapper"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>The major number of our devices (the kernel's is dynamic; 253 on most systems).</summary>
    public uint Major { get; init; } = Names.DeviceNumber.DeviceMapperMajor;

    public ResyncMode Resync { get; init; } = ResyncMode.Background;

    /// <summary>The clock of flakey's up/down intervals and delay's waits.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
