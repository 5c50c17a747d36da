using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Tests.Tree;

/// <summary>
/// A small in-memory device-mapper for planner tests: two table slots, suspend flag, the kernel's refusals
/// (load naming a missing dm device, remove of a device a table uses, duplicate names/numbers), an
/// operation journal and a load failure to inject.
/// </summary>
internal sealed class FakeDeviceMapper : IDeviceMapper
{
    private readonly SortedDictionary<string, Dev> _devices = new(StringComparer.Ordinal);

    public List<string> Journal { get; } = [];

    /// <summary>A load into this device throws (then the executor must revert).</summary>
    public DmName? FailLoadOf { get; set; }

    public DeviceInfo Create(DmName name, DmUuid? uuid = null, DeviceNumber? number = null, bool readOnly = false)
    {
        if (_devices.ContainsKey(name.Value))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"{name} exists");
        }
        var n = number ?? new DeviceNumber(DeviceNumber.DeviceMapperMajor, (uint)Enumerable.Range(0, 1 << 20).First(m => _devices.Values.All(d => d.Number.Minor != m)));
        if (_devices.Values.Any(d => d.Number == n))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"{n} taken");
        }
        _devices[name.Value] = new Dev { Name = name, Uuid = uuid, Number = n };
        Journal.Add($"create {name}");
        return Info(_devices[name.Value]);
    }

    public void Load(DmName name, Table table)
    {
        var d = Get(name);
        if (FailLoadOf == name)
        {
            throw new StorageException(ErrorCode.IoError, $"injected load failure on {name}");
        }
        foreach (var claim in table.Claims)
        {
            if (claim.Device.Number is { Major: DeviceNumber.DeviceMapperMajor } n && _devices.Values.All(x => x.Number != n))
            {
                throw new StorageException(ErrorCode.NotFound, $"{name}: table uses missing {n}");
            }
        }
        d.Inactive = table;
        Journal.Add($"load {name}: {table}");
    }

    public void ClearInactive(DmName name)
    {
        Get(name).Inactive = null;
        Journal.Add($"clear {name}");
    }

    public void Suspend(DmName name, bool flush = true)
    {
        Get(name).Suspended = true;
        Journal.Add($"suspend {name}");
    }

    public void Resume(DmName name)
    {
        var d = Get(name);
        if (d.Inactive is not null)
        {
            d.Live = d.Inactive;
            d.Inactive = null;
        }
        d.Suspended = false;
        Journal.Add($"resume {name}");
    }

    public void Rename(DmName name, DmName newName)
    {
        var d = Get(name);
        if (_devices.ContainsKey(newName.Value))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"{newName} exists");
        }
        _devices.Remove(name.Value);
        d.Name = newName;
        _devices[newName.Value] = d;
        Journal.Add($"rename {name} {newName}");
    }

    public void Remove(DmName name, bool force = false)
    {
        var d = Get(name);
        var user = _devices.Values.FirstOrDefault(o => o != d && new[] { o.Live, o.Inactive }.Any(t => t is not null && t.Claims.Any(c => c.Device.Number == d.Number)));
        if (user is not null)
        {
            throw new StorageException(ErrorCode.Busy, $"{name} is used by {user.Name}");
        }
        _devices.Remove(name.Value);
        Journal.Add($"remove {name}");
    }

    public DeviceInfo? TryGetInfo(DmName name) => _devices.TryGetValue(name.Value, out var d) ? Info(d) : null;

    public DeviceInfo? TryGetInfo(DeviceNumber number) => _devices.Values.FirstOrDefault(d => d.Number == number) is { } d ? Info(d) : null;

    public DeviceInfo? TryGetInfoByUuid(DmUuid uuid) => _devices.Values.FirstOrDefault(d => d.Uuid == uuid) is { } d ? Info(d) : null;

    public Table? GetTable(DmName name, bool inactive = false) => inactive ? Get(name).Inactive : Get(name).Live;

    public IReadOnlyList<DeviceNumber> GetDependencies(DmName name, bool inactive = false) =>
        [.. (GetTable(name, inactive)?.Claims ?? []).Select(c => c.Device.Number).OfType<DeviceNumber>().Distinct()];

    /// <summary>Runs after each List has taken its snapshot (another process changing devices in between).</summary>
    public Action? AfterList { get; set; }

    public IReadOnlyList<DeviceInfo> List()
    {
        List<DeviceInfo> list = [.. _devices.Values.Select(Info)];
        AfterList?.Invoke();
        return list;
    }

    public IReadOnlyList<string> GetStatus(DmName name) => [];

    public string SendMessage(DmName name, Sectors sector, string message) => "";

    /// <summary>name → live table text, for comparing final states.</summary>
    public Dictionary<string, string?> LiveTables() => _devices.Values.ToDictionary(d => d.Name.Value, d => d.Live?.ToString());

    public bool AnySuspended => _devices.Values.Any(d => d.Suspended);

    private Dev Get(DmName name) =>
        _devices.TryGetValue(name.Value, out var d) ? d : throw new StorageException(ErrorCode.NotFound, $"{name} not found");

    private static DeviceInfo Info(Dev d) =>
        new(d.Name, d.Uuid, d.Number, d.Suspended, d.Live is not null, d.Inactive is not null, 0, d.Live?.Lines.Count ?? 0, false, 0);

    private sealed class Dev
    {
        public DmName Name { get; set; }

        public DmUuid? Uuid { get; init; }

        public DeviceNumber Number { get; init; }

        public Table? Live { get; set; }

        public Table? Inactive { get; set; }

        public bool Suspended { get; set; }
    }
}
