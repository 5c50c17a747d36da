using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// The userspace device-mapper: devices with live and inactive tables, suspend/resume and the kernel's
/// targets, over block devices registered with <see cref="RegisterDevice"/>. Each device is itself a block
/// device: <see cref="Open"/> it for I/O. Safe to use from many threads; I/O never takes the control lock.
/// </summary>
public sealed partial class UserspaceDeviceMapper : IDeviceMapper, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MappedDevice> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<DeviceNumber, MappedDevice> _byNumber = [];
    private readonly Dictionary<DeviceNumber, UnderlyingDevice> _underlying = [];
    private readonly Dictionary<string, UnderlyingDevice> _underlyingByPath = new(StringComparer.Ordinal);

    public UserspaceDeviceMapper(EngineOptions? options = null) => Options = options ?? new EngineOptions();

    public EngineOptions Options { get; }

    /// <summary>
    /// Makes <paramref name="device"/> available to tables as <paramref name="number"/> ("major:minor") and,
    /// when given, by <paramref name="path"/>. The engine does not own it: dispose it after the engine.
    /// </summary>
    public UnderlyingDevice RegisterDevice(IBlockDevice device, DeviceNumber number, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var entry = new UnderlyingDevice(device, number, path);
        lock (_lock)
        {
            if (_underlying.ContainsKey(number) || _byNumber.ContainsKey(number))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"Device number {number} is already registered.");
            }
            if (path is not null && (!path.StartsWith('/') || _underlyingByPath.ContainsKey(path)))
            {
                throw new StorageException(path.StartsWith('/') ? ErrorCode.AlreadyExists : ErrorCode.InvalidArgument,
                    $"Device path \"{path}\" is already registered or not absolute.");
            }
            _underlying.Add(number, entry);
            if (path is not null)
            {
                _underlyingByPath.Add(path, entry);
            }
        }
        return entry;
    }

    /// <summary>Forgets a registered device; refused while a table uses it.</summary>
    public void UnregisterDevice(DeviceNumber number)
    {
        lock (_lock)
        {
            if (!_underlying.TryGetValue(number, out var entry))
            {
                throw new StorageException(ErrorCode.NotFound, $"Device {number} is not registered.");
            }
            if (UserOf(number) is { } user)
            {
                throw new StorageException(ErrorCode.Busy, $"Device {number} is used by {user}.");
            }
            _underlying.Remove(number);
            if (entry.Path is not null)
            {
                _underlyingByPath.Remove(entry.Path);
            }
        }
    }

    /// <summary>The registered devices, by number.</summary>
    public IReadOnlyList<UnderlyingDevice> RegisteredDevices()
    {
        lock (_lock)
        {
            return [.. _underlying.Values.OrderBy(u => u.Number)];
        }
    }

    public DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false)
    {
        lock (_lock)
        {
            if (_byName.ContainsKey(name.Value))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"Device {name} already exists.");
            }
            if (uuid is { } u && _byName.Values.Any(d => d.Uuid == u))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"A device with uuid {u} already exists.");
            }
            DeviceNumber chosen;
            if (number is { } n)
            {
                if (n.Major != Options.Major || _byNumber.ContainsKey(n))
                {
                    throw new StorageException(n.Major != Options.Major ? ErrorCode.InvalidArgument : ErrorCode.AlreadyExists,
                        $"Cannot create {name} as {n}: {(n.Major != Options.Major ? $"the major must be {Options.Major}" : "number in use")}.");
                }
                chosen = n;
            }
            else
            {
                // idr_alloc: the lowest free minor.
                uint minor = 0;
                while (_byNumber.ContainsKey(new DeviceNumber(Options.Major, minor)))
                {
                    minor++;
                }
                chosen = new DeviceNumber(Options.Major, minor);
            }
            if (_underlying.ContainsKey(chosen))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"Device number {chosen} is taken by a registered device.");
            }
            var device = new MappedDevice(name, uuid, chosen, readOnly);
            _byName.Add(name.Value, device);
            _byNumber.Add(chosen, device);
            return device.Info();
        }
    }

    /// <summary>Opens a device for I/O (its open count rises until the handle is disposed).</summary>
    public DmDeviceHandle Open(DmName name)
    {
        lock (_lock)
        {
            return Find(name).Open();
        }
    }

    public DeviceInfo? TryGetInfo(DmName name)
    {
        lock (_lock)
        {
            return _byName.TryGetValue(name.Value, out var d) ? d.Info() : null;
        }
    }

    public DeviceInfo? TryGetInfo(DeviceNumber number)
    {
        lock (_lock)
        {
            return _byNumber.TryGetValue(number, out var d) ? d.Info() : null;
        }
    }

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid)
    {
        lock (_lock)
        {
            return _byName.Values.FirstOrDefault(d => d.Uuid == uuid)?.Info();
        }
    }

    public IReadOnlyList<DeviceInfo> List()
    {
        lock (_lock)
        {
            return [.. _byName.Values.OrderBy(d => d.Name.Value, StringComparer.Ordinal).Select(d => d.Info())];
        }
    }

    public Table? GetTable(DmName name, bool inactive = false)
    {
        lock (_lock)
        {
            var d = Find(name);
            return (inactive ? d.Inactive : d.Live)?.Source;
        }
    }

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false)
    {
        lock (_lock)
        {
            var d = Find(name);
            return [.. ((inactive ? d.Inactive : d.Live)?.References ?? []).Select(r => r.Number)];
        }
    }

    public IReadOnlyList<string> GetStatus(DmName name)
    {
        lock (_lock)
        {
            var live = Find(name).Live;
            if (live is null)
            {
                return [];
            }
            return [.. live.Source.Lines.Select((l, i) => $"{l.Start} {l.Length} {l.Params.TargetType} {live.Targets[i].Status()}")];
        }
    }

    public string SendMessage(DmName name, Units.Sectors sector, string message)
    {
        RuntimeTable live;
        lock (_lock)
        {
            live = Find(name).Live ?? throw new StorageException(ErrorCode.InvalidState, $"Device {name} has no live table.");
        }
        var lines = live.Source.Lines;
        for (int i = 0; i < lines.Count; i++)
        {
            if (sector >= lines[i].Start && sector < lines[i].End)
            {
                return live.Targets[i].Message(message);
            }
        }
        throw new StorageException(ErrorCode.InvalidArgument, $"Device {name}: no target at sector {sector}.");
    }

    /// <summary>The target types and versions this engine provides (<c>dmsetup targets</c>).</summary>
    public IReadOnlyList<TargetVersion> Targets() => TargetFactory.Versions;

    /// <summary>DM_DEV_WAIT: waits until the device's event number is no longer <paramref name="eventNumber"/>; returns the current one.</summary>
    public uint WaitForEvent(DmName name, uint eventNumber, TimeSpan timeout)
    {
        MappedDevice d;
        lock (_lock)
        {
            d = Find(name);
        }
        return d.WaitForEvent(eventNumber, timeout);
    }

    private MappedDevice Find(DmName name) =>
        _byName.TryGetValue(name.Value, out var d) ? d : throw new StorageException(ErrorCode.NotFound, $"Device {name} does not exist.");

    /// <summary>The name of a device whose live or inactive table uses <paramref name="number"/>, or null.</summary>
    private string? UserOf(DeviceNumber number)
    {
        foreach (var d in _byName.Values)
        {
            if (d.Live?.References.Any(r => r.Number == number) == true)
            {
                return $"the live table of {d.Name}";
            }
            if (d.Inactive?.References.Any(r => r.Number == number) == true)
            {
                return $"the inactive table of {d.Name}";
            }
        }
        return null;
    }

    /// <summary>Removes every device, top first, stopping mirror workers; registered devices are left open.</summary>
    public void Dispose()
    {
        List<MappedDevice> all;
        lock (_lock)
        {
            all = [.. _byName.Values];
            _byName.Clear();
            _byNumber.Clear();
        }
        foreach (var d in all)
        {
            d.Removed = true;
            d.Gate.Unblock();
        }
        foreach (var d in all)
        {
            d.Live?.Dispose();
            d.Inactive?.Dispose();
            d.Live = null;
            d.Inactive = null;
        }
    }
}
