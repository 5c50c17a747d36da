using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.Activation;

/// <summary>A point of the update idiom, for <see cref="ActivationOptions.CrashAt"/>.</summary>
public enum UpdatePoint
{
    /// <summary>The new metadata is written and precommitted; no table changed yet.</summary>
    Precommitted,
    /// <summary>The new tables are loaded and the devices they change suspended; the commit comes next, then the resume walk.</summary>
    Suspended,
}

/// <summary>How activation and live updates log and wait.</summary>
public sealed record ActivationOptions
{
    /// <summary>Receives each device-mapper operation in LVM2's words (-v: Verbose, -vvvv: Debug).</summary>
    public DmLogSink? Log { get; init; }

    /// <summary>The most detailed level passed to <see cref="Log"/>.</summary>
    public DmLogLevel Level { get; init; } = DmLogLevel.Verbose;

    /// <summary>How long a mirror may take to resync before lvconvert gives up waiting (the conversion stays pending).</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Called with (in-sync regions, total regions) while a mirror resyncs (a progress bar on a terminal).</summary>
    public Action<ulong, ulong>? SyncProgress { get; init; }

    /// <summary>
    /// Test hook: called at each <see cref="UpdatePoint"/>. An exception thrown here propagates with nothing
    /// reverted, as if the process had died there.
    /// </summary>
    public Action<UpdatePoint>? CrashAt { get; init; }

    /// <summary>
    /// <c>--activationmode partial</c> (<c>-P</c>): LVs with areas on missing PVs activate, those areas mapped to error
    /// devices (LVM2's missing_stripe_filler "error"). Without it such an LV is refused, as LVM2 refuses it.
    /// </summary>
    public bool PartialActivation { get; init; }

    public static ActivationOptions Default { get; } = new();

    internal void Write(DmLogLevel level, string message)
    {
        if (level <= Level)
        {
            Log?.Invoke(level, message);
        }
    }
}
