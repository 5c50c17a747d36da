using System.Globalization;
using Microsoft.Win32.SafeHandles;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Locking;

/// <summary>
/// One of LVM2's file locks (locking_type 1): <c>flock</c> on a file in the lock directory, held for the
/// whole command. Each lock opens its own file description, so locks serialize threads of one process as
/// well as processes. Disposing unlocks and closes.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileLock(string path, SafeFileHandle handle, bool exclusive)
    {
        Path = path;
        _handle = handle;
        Exclusive = exclusive;
    }

    public string Path { get; }

    public bool Exclusive { get; }

    /// <summary>Takes the lock, waiting for other holders (LVM2 waits too, wait_for_locks = 1).</summary>
    public static FileLock Acquire(string path, bool exclusive, bool wait = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        SafeFileHandle handle = Flock.OpenLockFile(path, out int openErrno);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new StorageException(ErrorCode.LockFailed,
                $"Cannot open lock file {path}: errno {openErrno.ToString(CultureInfo.InvariantCulture)}.");
        }
        int operation = (exclusive ? Flock.Exclusive : Flock.Shared) | (wait ? 0 : Flock.NonBlocking);
        int errno = Flock.Run(handle, operation);
        if (errno != 0)
        {
            handle.Dispose();
            throw new StorageException(ErrorCode.LockFailed,
                $"Cannot lock {path} ({(exclusive ? "exclusive" : "shared")}): errno {errno.ToString(CultureInfo.InvariantCulture)}.",
                wait ? null : "another command holds it");
        }
        return new FileLock(path, handle, exclusive);
    }

    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            _ = Flock.Run(_handle, Flock.Unlock);
            _handle.Dispose();
        }
    }
}
