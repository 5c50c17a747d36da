using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>
/// Wraps a device and injects faults for crash and error tests: failing reads or writes on sector
/// ranges, silently dropped writes, a simulated crash (every write after the N-th is dropped and
/// counted), and a torn write (only the first half of the N-th write's bytes land).
/// Writes are numbered from 1 in the order they arrive, by a <see cref="WriteClock"/> that several devices
/// may share (a crash of a command writing to many PVs).
/// </summary>
public sealed class FaultInjectingBlockDevice : IBlockDevice
{
    private readonly IBlockDevice _inner;
    private readonly bool _ownsInner;
    private readonly Lock _lock = new();
    private readonly List<(Sectors Start, Sectors End)> _failedReads = [];
    private readonly List<(Sectors Start, Sectors End)> _failedWrites = [];
    private readonly WriteClock _clock;
    private long _writesApplied;
    private long _writesDropped;

    public FaultInjectingBlockDevice(IBlockDevice inner, bool ownsInner = false)
        : this(inner, new WriteClock(), ownsInner)
    {
    }

    /// <summary>A device whose writes are numbered (and crashed or torn) by <paramref name="clock"/>.</summary>
    public FaultInjectingBlockDevice(IBlockDevice inner, WriteClock clock, bool ownsInner = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(clock);
        _inner = inner;
        _clock = clock;
        _ownsInner = ownsInner;
    }

    /// <summary>The clock numbering this device's writes (shared when given to several devices).</summary>
    public WriteClock Clock => _clock;

    public string Name => _inner.Name;

    public Sectors Size => _inner.Size;

    public bool ReadOnly => _inner.ReadOnly;

    /// <summary>When set, every write is silently dropped (reported as done, never applied).</summary>
    public bool DropWrites { get; set; }

    /// <summary>Writes that arrived (including failed, dropped and torn ones), on every device sharing the clock.</summary>
    public long WritesSeen => _clock.WritesSeen;

    /// <summary>Writes that reached the inner device (a torn write counts).</summary>
    public long WritesApplied => Interlocked.Read(ref _writesApplied);

    /// <summary>Writes silently dropped (by <see cref="DropWrites"/> or after a simulated crash).</summary>
    public long WritesDropped => Interlocked.Read(ref _writesDropped);

    /// <summary>Reads touching [start, start+length) throw an I/O error.</summary>
    public void FailReads(Sectors start, Sectors length)
    {
        lock (_lock)
        {
            _failedReads.Add((start, start + length));
        }
    }

    /// <summary>Writes touching [start, start+length) throw an I/O error and change nothing.</summary>
    public void FailWrites(Sectors start, Sectors length)
    {
        lock (_lock)
        {
            _failedWrites.Add((start, start + length));
        }
    }

    /// <summary>Simulates a crash: writes after the <paramref name="count"/>-th are dropped silently (0 drops all).</summary>
    public void StopWritesAfter(long count) => _clock.StopWritesAfter(count);

    /// <summary>Tears the <paramref name="writeNumber"/>-th write (1-based): only the first half of its bytes land.</summary>
    public void TearWrite(long writeNumber) => _clock.TearWrite(writeNumber);

    /// <summary>Removes every fault; counters are kept.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _failedReads.Clear();
            _failedWrites.Clear();
        }
        DropWrites = false;
        _clock.Clear();
    }

    public void Read(Sectors offset, Span<byte> buffer)
    {
        BlockDeviceChecks.CheckRange(this, offset, buffer.Length);
        if (Hits(_failedReads, offset, buffer.Length))
        {
            throw new StorageException(ErrorCode.IoError, $"{Name}: read failed at sector {offset} (injected fault)");
        }
        _inner.Read(offset, buffer);
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, buffer.Length);
        WriteFate fate = _clock.Next();
        if (Hits(_failedWrites, offset, buffer.Length))
        {
            throw new StorageException(ErrorCode.IoError, $"{Name}: write failed at sector {offset} (injected fault)");
        }
        if (DropWrites || fate == WriteFate.Dropped)
        {
            Interlocked.Increment(ref _writesDropped);
            return;
        }
        if (fate == WriteFate.Torn)
        {
            WriteFirstHalf(offset, buffer);
        }
        else
        {
            _inner.Write(offset, buffer);
        }
        Interlocked.Increment(ref _writesApplied);
    }

    private void WriteFirstHalf(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        int half = buffer.Length / 2;
        int covering = (half + Sectors.SectorSize - 1) / Sectors.SectorSize * Sectors.SectorSize;
        if (covering == 0)
        {
            return;
        }
        var merged = new byte[covering];
        _inner.Read(offset, merged);
        buffer[..half].CopyTo(merged);
        _inner.Write(offset, merged);
    }

    private bool Hits(List<(Sectors Start, Sectors End)> ranges, Sectors offset, int byteLength)
    {
        var end = offset + Sectors.CoveringBytes((ulong)byteLength);
        lock (_lock)
        {
            foreach (var (start, stop) in ranges)
            {
                if (offset < stop && start < end)
                {
                    return true;
                }
            }
        }
        return false;
    }

    public void Flush() => _inner.Flush();

    public void Discard(Sectors offset, Sectors length)
    {
        BlockDeviceChecks.CheckWritable(this);
        BlockDeviceChecks.CheckRange(this, offset, length);
        if (!DropWrites && !_clock.Crashed)
        {
            _inner.Discard(offset, length);
        }
    }

    public void Dispose()
    {
        if (_ownsInner)
        {
            _inner.Dispose();
        }
    }
}
