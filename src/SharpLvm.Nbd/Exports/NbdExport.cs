using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Nbd.Protocol;

namespace SharpLvm.Nbd.Exports;

/// <summary>
/// A named export over a block device. Connections attach to it after negotiation; <see cref="RetireAsync"/>
/// makes it refuse new connections and drains and closes the attached ones (the device is not disposed:
/// whoever made it owns it).
/// </summary>
public sealed class NbdExport
{
    private readonly object _gate = new();
    private readonly HashSet<IExportSession> _sessions = [];
    private TaskCompletionSource? _drained;
    private bool _retired;

    public NbdExport(string name, IBlockDevice device, string? description = null, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(device);
        CheckString(name, "export name");
        if (description is not null)
        {
            CheckString(description, $"description of export {name}");
        }
        Name = name;
        Device = device;
        Description = string.IsNullOrEmpty(description) ? null : description;
        ReadOnly = readOnly || device.ReadOnly;
    }

    /// <summary>The name clients ask for (UTF-8, at most 4096 bytes, no NUL).</summary>
    public string Name { get; }

    public string? Description { get; }

    public IBlockDevice Device { get; }

    /// <summary>True when writes are refused (asked for, or the device itself is read-only).</summary>
    public bool ReadOnly { get; }

    /// <summary>Serialises read-modify-write of partial sectors (unaligned writes from clients that ignore the block size).</summary>
    internal object PartialSectorLock { get; } = new();

    /// <summary>Connections currently in transmission on this export.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    public bool IsRetired
    {
        get
        {
            lock (_gate)
            {
                return _retired;
            }
        }
    }

    /// <summary>
    /// Stops serving: new connections are refused, attached connections finish the requests they have
    /// read, reply, and close. Completes when no connection uses the device any more.
    /// </summary>
    public Task RetireAsync()
    {
        IExportSession[] sessions;
        Task drained;
        lock (_gate)
        {
            _retired = true;
            if (_sessions.Count == 0)
            {
                return Task.CompletedTask;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
            sessions = [.. _sessions];
        }
        foreach (var session in sessions)
        {
            session.BeginShutdown();
        }
        return drained;
    }

    internal bool TryAttach(IExportSession session)
    {
        lock (_gate)
        {
            return !_retired && _sessions.Add(session);
        }
    }

    internal void Detach(IExportSession session)
    {
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            if (_sessions.Remove(session) && _sessions.Count == 0 && _retired)
            {
                drained = _drained;
            }
        }
        drained?.TrySetResult();
    }

    private static void CheckString(string value, string what)
    {
        if (value.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(value) > NbdMagic.MaxString)
        {
            throw new StorageException(ErrorCode.InvalidArgument,
                $"NBD {what} \"{value}\" must be UTF-8 of at most {NbdMagic.MaxString} bytes without NUL");
        }
    }
}

/// <summary>A connection attached to an export, as the export sees it.</summary>
internal interface IExportSession
{
    /// <summary>Stop reading requests; finish and answer those already read; then close.</summary>
    void BeginShutdown();
}
