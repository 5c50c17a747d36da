using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// A constructed target of a table (the kernel's <c>dm_target</c> with its private context): I/O with
/// offsets relative to the target's start, never crossing its end, plus the suspend/resume hooks and status.
/// </summary>
internal interface ITargetIo : IDisposable
{
    void Read(Sectors offset, Span<byte> buffer);

    void Write(Sectors offset, ReadOnlySpan<byte> buffer);

    void Flush();

    void Discard(Sectors offset, Sectors length);

    /// <summary>The INFO status string (<c>dmsetup status</c> after the type).</summary>
    string Status() => "";

    void PreSuspend()
    {
    }

    void PostSuspend()
    {
    }

    void Resume()
    {
    }

    string Message(string message) =>
        throw new StorageException(ErrorCode.Unsupported, $"Target does not accept messages (\"{message}\").");
}
