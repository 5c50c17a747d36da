using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

public sealed partial class UserspaceDeviceMapper
{
    /// <summary>
    /// DM_TABLE_LOAD: resolves every device (number or path; ours by /dev/mapper/NAME or /dev/dm-N),
    /// refuses a device that maps onto itself or closes a cycle, a missing device and a target past the
    /// end of its device; constructs the targets (opening our devices, as the kernel does at load) and puts
    /// the table in the inactive slot. On any error nothing changes.
    /// </summary>
    public void Load(DmName name, Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var device = Control(name);
        try
        {
            RuntimeTable built;
            RuntimeTable? old;
            lock (_lock)
            {
                built = Build(device, table);
                old = device.Inactive;
                device.Inactive = built;
            }
            old?.Dispose();
        }
        finally
        {
            device.Control.Release();
        }
    }

    public void ClearInactive(DmName name)
    {
        var device = Control(name);
        try
        {
            RuntimeTable? old;
            lock (_lock)
            {
                old = device.Inactive;
                device.Inactive = null;
            }
            old?.Dispose();
        }
        finally
        {
            device.Control.Release();
        }
    }

    private RuntimeTable Build(MappedDevice device, Table table)
    {
        var references = new List<DeviceRefTarget>();
        var resolvedLines = new List<TargetLine>(table.Lines.Count);
        for (int i = 0; i < table.Lines.Count; i++)
        {
            var line = table.Lines[i];
            string where = $"{device.Name}: table line {i + 1} \"{line}\"";
            var resolved = line.Params.WithDevices(r => DeviceRef.Of(Resolve(r, where).Number));
            foreach (var area in resolved.Areas(line.Length))
            {
                var target = Resolve(area.Device, where);
                CheckNoCycle(device, target, where);
                if (!references.Contains(target))
                {
                    references.Add(target);
                }
                var size = SizeOf(target);
                if (size != Sectors.Zero && (area.Start > size || area.Length > size - area.Start))
                {
                    throw new StorageException(ErrorCode.InvalidTable,
                        $"{where}: device {target.Number} too small for target: needs sectors {area.Start}-{area.End}, device has {size}.");
                }
            }
            resolvedLines.Add(line with { Params = resolved });
        }
        var source = new Table(resolvedLines);
        var opened = new List<IDisposable>();
        var targets = new List<ITargetIo>();
        var context = new TargetContext(device.DisplayName, Options, device.RaiseEvent, r => OpenForTable(r, opened));
        try
        {
            foreach (var line in source.Lines)
            {
                targets.Add(TargetFactory.Create(line, context));
            }
        }
        catch
        {
            targets.ForEach(t => t.Dispose());
            opened.ForEach(o => o.Dispose());
            throw;
        }
        return new RuntimeTable(source, [.. targets], opened, references);
    }

    /// <summary>Opens a resolved device for a table being built: ours through a handle (counted), registered ones directly.</summary>
    private IBlockDevice OpenForTable(DeviceRef reference, List<IDisposable> opened)
    {
        var target = Resolve(reference, "table");
        if (target.Mapped is { } mapped)
        {
            var handle = mapped.Open();
            opened.Add(handle);
            return handle;
        }
        return _underlying[target.Number].Device;
    }

    private DeviceRefTarget Resolve(DeviceRef reference, string where)
    {
        if (reference.Number is { } number)
        {
            if (_byNumber.TryGetValue(number, out var mapped))
            {
                return new DeviceRefTarget(number, mapped);
            }
            if (_underlying.ContainsKey(number))
            {
                return new DeviceRefTarget(number, null);
            }
        }
        else if (reference.Path is { } path)
        {
            if (_underlyingByPath.TryGetValue(path, out var entry))
            {
                return new DeviceRefTarget(entry.Number, null);
            }
            if (path.StartsWith("/dev/mapper/", StringComparison.Ordinal) && _byName.TryGetValue(path["/dev/mapper/".Length..], out var byName))
            {
                return new DeviceRefTarget(byName.Number, byName);
            }
            if (path.StartsWith("/dev/dm-", StringComparison.Ordinal) && uint.TryParse(path.AsSpan("/dev/dm-".Length), out uint minor)
                && _byNumber.TryGetValue(new DeviceNumber(Options.Major, minor), out var byMinor))
            {
                return new DeviceRefTarget(byMinor.Number, byMinor);
            }
        }
        throw new StorageException(ErrorCode.NotFound, $"{where}: device {reference} not found.",
            "register it with RegisterDevice or create the dm device first");
    }

    private Sectors SizeOf(DeviceRefTarget target) =>
        target.Mapped is { } mapped ? mapped.Size : _underlying[target.Number].Device.Size;

    /// <summary>Refuses a table of <paramref name="device"/> that uses itself, directly or through any live or inactive table below.</summary>
    private static void CheckNoCycle(MappedDevice device, DeviceRefTarget target, string where)
    {
        if (target.Mapped is null)
        {
            return;
        }
        if (target.Mapped == device)
        {
            throw new StorageException(ErrorCode.InvalidTable, $"{where}: device {device.Name} cannot map onto itself.");
        }
        var seen = new HashSet<MappedDevice>();
        var stack = new Stack<(MappedDevice Device, string Path)>();
        stack.Push((target.Mapped, $"{device.Name} -> {target.Mapped.Name}"));
        while (stack.Count > 0)
        {
            var (current, path) = stack.Pop();
            if (!seen.Add(current))
            {
                continue;
            }
            foreach (var table in new[] { current.Live, current.Inactive })
            {
                foreach (var r in table?.References ?? [])
                {
                    if (r.Mapped is null)
                    {
                        continue;
                    }
                    string next = $"{path} -> {r.Mapped.Name}";
                    if (r.Mapped == device)
                    {
                        throw new StorageException(ErrorCode.InvalidTable, $"{where}: the table would create a cycle: {next}.");
                    }
                    stack.Push((r.Mapped, next));
                }
            }
        }
    }
}
