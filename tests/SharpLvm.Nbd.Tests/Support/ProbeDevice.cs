using System.Collections.Concurrent;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Nbd.Tests.Support;

/// <summary>
/// A memory device that counts what it is asked to do, can fail chosen sectors with an I/O error, can hold
/// reads of one sector until released, and can be paused as a suspended device-mapper device would be.
/// </summary>
internal sealed class ProbeDevice : IBlockDevice
{
    private readonly MemoryBlockDevice _inner;
    private int _reads;
    private int _writes;
    private int _flushes;

    public ProbeDevice(Sectors size, bool readOnly = false)
    {
        _inner = new MemoryBlockDevice(size, "probe");
        ReadOnly = readOnly;
    }

    public string Name => "probe";
    public Sectors Size => _inner.Size;
    public bool ReadOnly { get; }

    public int Reads => Volatile.Read(ref _reads);
    public int Writes => Volatile.Read(ref _writes);
    public int Flushes => Volatile.Read(ref _flushes);
    public ConcurrentQueue<(ulong Offset, ulong Length)> Discards { get; } = new();

    /// <summary>Reset = paused: every operation waits until it is set again.</summary>
    public ManualResetEventSlim Running { get; } = new(true);

    /// <summary>Sectors whose reads and writes fail with IoError.</summary>
    public ConcurrentDictionary<ulong, bool> FailingSectors { get; } = new();

    /// <summary>A read that starts at this sector waits for <see cref="HeldReadRelease"/>.</summary>
    public ulong? HoldReadsAt { get; set; }
    public ManualResetEventSlim HeldReadRelease { get; } = new(false);
    public ManualResetEventSlim HeldReadStarted { get; } = new(false);

    /// <summary>Direct access to the content, bypassing counters and faults.</summary>
    public MemoryBlockDevice Content => _inner;

    public void Read(Sectors offset, Span<byte> buffer)
    {
        Enter(offset, buffer.Length);
        Interlocked.Increment(ref _reads);
        if (HoldReadsAt == offset.Value)
        {
            HeldReadStarted.Set();
            HeldReadRelease.Wait(TimeSpan.FromSeconds(30));
        }
        _inner.Read(offset, buffer);
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        BlockDeviceChecks.CheckWritable(this);
        Enter(offset, buffer.Length);
        Interlocked.Increment(ref _writes);
        _inner.Write(offset, buffer);
    }

    public void Flush()
    {
        Running.Wait();
        Interlocked.Increment(ref _flushes);
    }

    public void Discard(Sectors offset, Sectors length)
    {
        Running.Wait();
        Discards.Enqueue((offset.Value, length.Value));
        _inner.Discard(offset, length);
    }

    private void Enter(Sectors offset, int byteLength)
    {
        Running.Wait();
        ulong count = (ulong)byteLength >> Sectors.SectorShift;
        foreach (ulong sector in FailingSectors.Keys)
        {
            if (sector >= offset.Value && sector < offset.Value + count)
            {
                throw new StorageException(ErrorCode.IoError, $"probe: I/O error at sector {sector}");
            }
        }
    }

    public void Dispose()
    {
        Running.Dispose();
        HeldReadRelease.Dispose();
        HeldReadStarted.Dispose();
    }
}
