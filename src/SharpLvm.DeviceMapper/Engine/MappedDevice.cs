using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// One device of the engine (the kernel's <c>mapped_device</c> with its hash cell): names, live and
/// inactive tables, the suspend gate, the open count and the event counter. Control state changes under
/// the engine's lock and this device's <see cref="Control"/> semaphore; I/O takes neither.
/// </summary>
internal sealed class MappedDevice
{
    private readonly object _events = new();
    private RuntimeTable? _live;
    private int _openCount;
    private uint _eventNumber;

    public MappedDevice(DmName name, DmUuid? uuid, DeviceNumber number, bool readOnly)
    {
        Name = name;
        Uuid = uuid;
        Number = number;
        ReadOnly = readOnly;
    }

    public DmName Name { get; set; }

    public DmUuid? Uuid { get; }

    public DeviceNumber Number { get; }

    public bool ReadOnly { get; }

    /// <summary>Serialises the control operations of this device (held across a suspend's drain).</summary>
    public SemaphoreSlim Control { get; } = new(1, 1);

    public IoGate Gate { get; } = new();

    public RuntimeTable? Live
    {
        get => Volatile.Read(ref _live);
        set => Volatile.Write(ref _live, value);
    }

    public RuntimeTable? Inactive { get; set; }

    public bool Suspended { get; set; }

    public bool Removed { get; set; }

    public int OpenCount => Volatile.Read(ref _openCount);

    public uint EventNumber
    {
        get
        {
            lock (_events)
            {
                return _eventNumber;
            }
        }
    }

    public Sectors Size => Live?.Size ?? Sectors.Zero;

    public string DisplayName => Name.Value;

    public DeviceInfo Info() => new(Name, Uuid, Number, Suspended, Live is not null, Inactive is not null, OpenCount,
        Live?.Source.Lines.Count ?? 0, ReadOnly, EventNumber);

    /// <summary>dm_table_event: a target of the live table reports something (mirror error, sync done).</summary>
    public void RaiseEvent()
    {
        lock (_events)
        {
            _eventNumber++;
            Monitor.PulseAll(_events);
        }
    }

    /// <summary>DM_DEV_WAIT: blocks until the event number differs from <paramref name="seen"/> or the timeout passes.</summary>
    public uint WaitForEvent(uint seen, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_events)
        {
            while (_eventNumber == seen)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_events, left))
                {
                    break;
                }
            }
            return _eventNumber;
        }
    }

    public DmDeviceHandle Open()
    {
        Interlocked.Increment(ref _openCount);
        return new DmDeviceHandle(this);
    }

    public void Close() => Interlocked.Decrement(ref _openCount);

    private RuntimeTable EnterLive()
    {
        Gate.Enter();
        var live = Live;
        if (live is null || Removed)
        {
            Gate.Exit();
            throw new StorageException(ErrorCode.IoError, Removed
                ? $"{DisplayName}: device was removed"
                : $"{DisplayName}: device has no live table");
        }
        return live;
    }

    public void Read(Sectors offset, Span<byte> buffer)
    {
        var live = EnterLive();
        try
        {
            live.Read(DisplayName, offset, buffer);
        }
        finally
        {
            Gate.Exit();
        }
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        if (ReadOnly)
        {
            throw new StorageException(ErrorCode.IoError, $"{DisplayName}: device is read-only");
        }
        var live = EnterLive();
        try
        {
            live.Write(DisplayName, offset, buffer);
        }
        finally
        {
            Gate.Exit();
        }
    }

    public void Flush()
    {
        var live = EnterLive();
        try
        {
            live.Flush();
        }
        finally
        {
            Gate.Exit();
        }
    }

    public void Discard(Sectors offset, Sectors length)
    {
        if (ReadOnly)
        {
            throw new StorageException(ErrorCode.IoError, $"{DisplayName}: device is read-only");
        }
        var live = EnterLive();
        try
        {
            live.Discard(DisplayName, offset, length);
        }
        finally
        {
            Gate.Exit();
        }
    }
}
