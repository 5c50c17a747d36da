using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// <see cref="IDeviceHost.Attach"/> over an engine, shared by the in-process host and the daemon: opens the
/// device behind a canonical path once and registers it. A block device keeps its own major:minor (from
/// sysfs); an image file gets <see cref="IDeviceHost.ImageFileMajor"/>:N, N the lowest free minor. Owns the
/// devices it opened: <see cref="Dispose"/> flushes and closes them (after the engine has let go of them).
/// </summary>
public sealed class DeviceAttacher : IDisposable
{
    private readonly Lock _lock = new();
    private readonly UserspaceDeviceMapper _engine;
    private readonly Dictionary<string, DeviceNumber> _byPath = new(StringComparer.Ordinal);
    private readonly List<IBlockDevice> _opened = [];

    public DeviceAttacher(UserspaceDeviceMapper engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The absolute path with every symbolic link resolved: the key that makes attach idempotent.</summary>
    public static string Canonical(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!Path.Exists(full))
        {
            throw new StorageException(ErrorCode.NotFound, $"Device {path} not found.");
        }
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException e)
        {
            throw new StorageException(ErrorCode.IoError, $"Cannot resolve {path}: {e.Message}", null, e);
        }
    }

    /// <summary>The number of a block device from /sys/class/block/NAME/dev, or null when the path is not a block device.</summary>
    public static DeviceNumber? BlockDeviceNumber(string canonicalPath)
    {
        if (!canonicalPath.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return null;
        }
        string dev = Path.Combine("/sys/class/block", Path.GetFileName(canonicalPath), "dev");
        return File.Exists(dev) && DeviceNumber.TryParse(File.ReadAllText(dev).Trim(), out var number) ? number : null;
    }

    /// <summary>Attaches the device at <paramref name="path"/> (idempotent by canonical path).</summary>
    public DeviceNumber Attach(string path)
    {
        string canonical = Canonical(path);
        lock (_lock)
        {
            if (_byPath.TryGetValue(canonical, out var known))
            {
                return known;
            }
            if (Directory.Exists(canonical))
            {
                throw new StorageException(ErrorCode.InvalidArgument, $"Cannot attach {path}: it is a directory.");
            }
            var number = BlockDeviceNumber(canonical) ?? NextImageNumber();
            var device = FileBlockDevice.Open(canonical);
            try
            {
                _engine.RegisterDevice(device, number, canonical);
            }
            catch
            {
                device.Dispose();
                throw;
            }
            _opened.Add(device);
            _byPath.Add(canonical, number);
            return number;
        }
    }

    private DeviceNumber NextImageNumber()
    {
        var taken = _engine.RegisteredDevices().Select(u => u.Number).ToHashSet();
        uint minor = 0;
        while (taken.Contains(new DeviceNumber(IDeviceHost.ImageFileMajor, minor)))
        {
            minor++;
        }
        return new DeviceNumber(IDeviceHost.ImageFileMajor, minor);
    }

    /// <summary>Flushes every device this attacher opened; errors are left for the caller to report (first one thrown).</summary>
    public void FlushAll()
    {
        List<IBlockDevice> devices;
        lock (_lock)
        {
            devices = [.. _opened];
        }
        StorageException? first = null;
        foreach (var device in devices)
        {
            try
            {
                device.Flush();
            }
            catch (StorageException e)
            {
                first ??= e;
            }
        }
        if (first is not null)
        {
            throw first;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var device in _opened)
            {
                try
                {
                    device.Flush();
                }
                catch (StorageException)
                {
                    // Closing anyway: the data already reached the file; a failed fsync cannot be retried here.
                }
                device.Dispose();
            }
            _opened.Clear();
            _byPath.Clear();
        }
    }
}
