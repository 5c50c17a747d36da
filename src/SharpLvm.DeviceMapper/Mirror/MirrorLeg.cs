using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>The kinds of leg failure dm-raid1 records (bits of <c>error_type</c>).</summary>
[Flags]
internal enum LegErrors
{
    None = 0,
    Write = 1,
    Flush = 2,
    Sync = 4,
    Read = 8,
}

/// <summary>One mirror leg: its device and start, and the errors seen on it since the table went live (or the last full sync).</summary>
internal sealed class MirrorLeg(TargetDevice spec, IBlockDevice device)
{
    public TargetDevice Spec { get; } = spec;

    public IBlockDevice Device { get; } = device;

    public int ErrorCount { get; set; }

    public LegErrors Errors { get; set; }

    public bool Healthy => ErrorCount == 0;

    /// <summary>The status character: A healthy, then F flush, D write, S sync, R read, U other, in that priority.</summary>
    public char StatusChar =>
        ErrorCount == 0 ? 'A'
        : Errors.HasFlag(LegErrors.Flush) ? 'F'
        : Errors.HasFlag(LegErrors.Write) ? 'D'
        : Errors.HasFlag(LegErrors.Sync) ? 'S'
        : Errors.HasFlag(LegErrors.Read) ? 'R'
        : 'U';
}
