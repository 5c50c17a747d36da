using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// A device-mapper that also holds the block devices its tables map onto: the userspace engine inside this
/// process (<see cref="Persistent"/> false: its devices go when the process ends) or the one in the
/// <c>sharplvm daemon</c>, reached over its control socket (devices outlive the command).
/// Activation code is written against this interface only.
/// </summary>
public interface IDeviceHost : IDeviceMapper, IDisposable
{
    /// <summary>True when devices outlive this process (the daemon).</summary>
    bool Persistent { get; }

    /// <summary>
    /// Makes a block device or image file usable by tables and returns the number tables name it by.
    /// Idempotent: the same canonical path always gives the same number. A block device keeps its own
    /// major:minor; an image file gets <see cref="ImageFileMajor"/>:N.
    /// </summary>
    DeviceNumber Attach(string path);

    /// <summary>
    /// Waits until every mirror in the device's live table is in sync, calling <paramref name="progress"/>
    /// with (in-sync regions, total regions) as recovery advances; false on timeout.
    /// </summary>
    bool WaitForSync(DmName name, TimeSpan timeout, Action<ulong, ulong>? progress = null);

    /// <summary>The major number image files are attached under (outside the range Linux assigns to drivers).</summary>
    public const uint ImageFileMajor = 4094;
}
