using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Engine;

public sealed partial class UserspaceDeviceMapper
{
    /// <summary>
    /// DM_DEV_SUSPEND: presuspend hooks (a mirror stops recovery), new I/O waits, I/O in flight completes,
    /// then (with <paramref name="flush"/>) the table is flushed, then postsuspend hooks (a disk log is written).
    /// Suspending a suspended device does nothing. The drain happens outside the engine lock.
    /// </summary>
    public void Suspend(DmName name, bool flush = true)
    {
        var device = Control(name);
        try
        {
            SuspendLocked(device, flush);
        }
        finally
        {
            device.Control.Release();
        }
    }

    private void SuspendLocked(MappedDevice device, bool flush)
    {
        if (device.Suspended)
        {
            return;
        }
        var live = device.Live;
        live?.PreSuspend();
        device.Gate.Block();
        device.Gate.WaitDrained();
        if (flush && live is not null)
        {
            try
            {
                live.Flush();
            }
            catch (StorageException)
            {
                // As the kernel: a failed flush does not stop the suspend; the error shows in the target's status.
            }
        }
        live?.PostSuspend();
        lock (_lock)
        {
            device.Suspended = true;
        }
    }

    /// <summary>
    /// DM_DEV_RESUME: with an inactive table, suspends if needed, swaps it live, runs the resume hooks,
    /// lets I/O flow and destroys the old table. Without one, unsuspends (nothing to do if not suspended).
    /// </summary>
    public void Resume(DmName name)
    {
        var device = Control(name);
        try
        {
            RuntimeTable? inactive;
            lock (_lock)
            {
                inactive = device.Inactive;
                if (inactive is null && !device.Suspended)
                {
                    return;
                }
                if (inactive is null && device.Live is null)
                {
                    throw new StorageException(ErrorCode.InvalidState, $"Device {name} has no table to resume.");
                }
            }
            RuntimeTable? old = null;
            if (inactive is not null)
            {
                SuspendLocked(device, flush: true);
                lock (_lock)
                {
                    old = device.Live;
                    device.Live = inactive;
                    device.Inactive = null;
                }
            }
            device.Live!.Resume();
            lock (_lock)
            {
                device.Suspended = false;
            }
            device.Gate.Unblock();
            old?.Dispose();
        }
        finally
        {
            device.Control.Release();
        }
    }

    public void Rename(DmName name, DmName newName)
    {
        lock (_lock)
        {
            var device = Find(name);
            if (_byName.ContainsKey(newName.Value))
            {
                throw new StorageException(ErrorCode.AlreadyExists, $"Cannot rename {name} to {newName}: {newName} exists.");
            }
            _byName.Remove(name.Value);
            device.Name = newName;
            _byName.Add(newName.Value, device);
            device.RaiseEvent();
        }
    }

    /// <summary>
    /// DM_DEV_REMOVE: refused (Busy) while the device is open, by a handle or by another table.
    /// With <paramref name="force"/> an open device first gets an error table live (its users' I/O fails),
    /// as <c>dmsetup remove --force</c> does, and the removal is still refused while it stays open.
    /// </summary>
    public void Remove(DmName name, bool force = false)
    {
        var device = Control(name);
        try
        {
            lock (_lock)
            {
                if (device.OpenCount == 0)
                {
                    _byName.Remove(device.Name.Value);
                    _byNumber.Remove(device.Number);
                    device.Removed = true;
                }
            }
            if (!device.Removed)
            {
                string users = UsersOf(device);
                if (force && device.Live is not null)
                {
                    SwapInError(device);
                }
                throw new StorageException(ErrorCode.Busy,
                    $"Device {name} is busy: open count {device.OpenCount}{users}{(force ? "; an error table is now live" : "")}.");
            }
            var live = device.Live;
            if (!device.Suspended && live is not null)
            {
                live.PreSuspend();
                live.PostSuspend();
            }
            device.Gate.Unblock();
            device.Live = null;
            live?.Dispose();
            device.Inactive?.Dispose();
            device.Inactive = null;
            device.RaiseEvent();
        }
        finally
        {
            device.Control.Release();
        }
    }

    private string UsersOf(MappedDevice device)
    {
        lock (_lock)
        {
            return UserOf(device.Number) is { } user ? $" (used by {user})" : "";
        }
    }

    private void SwapInError(MappedDevice device)
    {
        RuntimeTable error;
        lock (_lock)
        {
            error = Build(device, Table.Single(device.Size, ErrorTarget.Instance));
        }
        SuspendLocked(device, flush: false);
        RuntimeTable? old;
        lock (_lock)
        {
            old = device.Live;
            device.Live = error;
            device.Suspended = false;
        }
        device.Gate.Unblock();
        old?.Dispose();
    }

    private MappedDevice Control(DmName name)
    {
        MappedDevice device;
        lock (_lock)
        {
            device = Find(name);
        }
        device.Control.Wait();
        if (device.Removed)
        {
            device.Control.Release();
            throw new StorageException(ErrorCode.NotFound, $"Device {name} does not exist.");
        }
        return device;
    }
}
