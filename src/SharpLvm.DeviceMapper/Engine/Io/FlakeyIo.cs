using System.Buffers;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>
/// dm-flakey (6.1): up for <c>up</c> seconds, then down for <c>down</c> seconds, counted in whole seconds
/// from the table's load. While down: without features everything fails; drop_writes/error_writes
/// let reads through; corrupt_bio_byte corrupts the Nth byte of matching reads or writes.
/// Flush and discard count as writes.
/// </summary>
internal sealed class FlakeyIo : ITargetIo
{
    private readonly FlakeyTarget _target;
    private readonly IBlockDevice _device;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _loaded;
    private readonly string _name;

    public FlakeyIo(FlakeyTarget target, TargetContext context)
    {
        _target = target;
        _device = context.Open(target.Device);
        _time = context.Options.Time;
        _loaded = _time.GetUtcNow();
        _name = context.DeviceName;
    }

    public bool IsDown
    {
        get
        {
            ulong elapsed = (ulong)Math.Max(0, (long)(_time.GetUtcNow() - _loaded).TotalSeconds);
            return elapsed % ((ulong)_target.UpSeconds + _target.DownSeconds) >= _target.UpSeconds;
        }
    }

    private StorageException Down(string what, Sectors sector) =>
        new(ErrorCode.IoError, $"{_name}: {what} at target sector {sector} failed: flakey device is down");

    private bool PassesReads => _target.WriteMode != FlakeyWriteMode.Fail || _target.Corruption is not null;

    public void Read(Sectors offset, Span<byte> buffer)
    {
        bool down = IsDown;
        if (down && !PassesReads)
        {
            throw Down("read", offset);
        }
        _device.Read(_target.Offset + offset, buffer);
        if (down && _target.Corruption is { OnWrite: false } c && c.FlagsMask == 0 && c.ByteIndex <= (uint)buffer.Length)
        {
            buffer[(int)c.ByteIndex - 1] = c.Value;
        }
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        if (IsDown)
        {
            if (!WriteSucceedsWhileDown("write", offset))
            {
                return;
            }
            if (_target.Corruption is { OnWrite: true } c && c.FlagsMask == 0 && c.ByteIndex <= (uint)buffer.Length)
            {
                WriteCorrupted(offset, buffer, c);
                return;
            }
        }
        _device.Write(_target.Offset + offset, buffer);
    }

    private void WriteCorrupted(Sectors offset, ReadOnlySpan<byte> buffer, FlakeyCorruption corruption)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            copy[(int)corruption.ByteIndex - 1] = corruption.Value;
            _device.Write(_target.Offset + offset, copy.AsSpan(0, buffer.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public void Flush()
    {
        if (IsDown && !WriteSucceedsWhileDown("flush", Sectors.Zero))
        {
            return;
        }
        _device.Flush();
    }

    public void Discard(Sectors offset, Sectors length)
    {
        if (IsDown && !WriteSucceedsWhileDown("discard", offset))
        {
            return;
        }
        _device.Discard(_target.Offset + offset, length);
    }

    /// <summary>For data-less writes: false when dropped, throws when failed, true to pass through.</summary>
    private bool WriteSucceedsWhileDown(string what, Sectors offset) => _target.WriteMode switch
    {
        FlakeyWriteMode.Drop => false,
        FlakeyWriteMode.Error => throw Down(what, offset),
        _ => _target.Corruption is not null ? true : throw Down(what, offset),
    };

    public void Dispose()
    {
    }
}
