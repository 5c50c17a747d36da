using System.Buffers.Binary;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// An application on the LV's top device: writes numbered 4 KiB blocks at pseudo-random places on a thread,
/// reads each back, and records which write each block last had acknowledged (and the one in flight, which
/// may or may not have landed when the machine dies). Numbers only grow, so a block reads back right when it
/// holds its acknowledged number or the one in flight.
/// </summary>
internal sealed class BlockWriter
{
    public const int BlockBytes = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, uint> _acknowledged = [];
    private readonly List<string> _errors = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly UserspaceDeviceMapper _engine;
    private readonly DmName _device;
    private readonly int _seed;
    private Thread? _thread;
    private (long Block, uint N)? _inFlight;
    private uint _next;

    public BlockWriter(UserspaceDeviceMapper engine, DmName device, int seed)
    {
        _engine = engine;
        _device = device;
        _seed = seed;
    }

    /// <summary>What the application saw acknowledged up to now, and the write in flight.</summary>
    public (Dictionary<long, uint> Acknowledged, (long Block, uint N)? InFlight) Snapshot()
    {
        lock (_lock)
        {
            return (new Dictionary<long, uint>(_acknowledged), _inFlight);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged.Count;
            }
        }
    }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Writes <paramref name="count"/> blocks on this thread (for an LV that must be closed while the command runs).</summary>
    public void WriteSome(int count)
    {
        using var dev = _engine.Open(_device);
        var random = new Random(_seed);
        for (int i = 0; i < count; i++)
        {
            WriteOne(dev, random);
        }
        dev.Flush();
    }

    public void Start(int atLeast)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "live-crash writer" };
        _thread.Start();
        while (Count < atLeast && _thread.IsAlive)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>Asks the writer to stop; true when it stopped within <paramref name="timeout"/> (false: blocked on a suspended device).</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stop.Cancel();
        return _thread is null || _thread.Join(timeout);
    }

    private void Loop()
    {
        try
        {
            using var dev = _engine.Open(_device);
            var random = new Random(_seed);
            while (!_stop.IsCancellationRequested)
            {
                WriteOne(dev, random);
            }
            dev.Flush();
        }
        catch (Exception e) when (e is StorageException or IOException or ObjectDisposedException)
        {
            lock (_lock)
            {
                _errors.Add($"writer: {e.Message}");
            }
        }
    }

    private void WriteOne(DmDeviceHandle dev, Random random)
    {
        long blocks = (long)(dev.Size.Bytes / BlockBytes);
        long block = random.NextInt64(blocks);
        uint n;
        lock (_lock)
        {
            n = ++_next;
            _inFlight = (block, n);
        }
        var buffer = new byte[BlockBytes];
        buffer.AsSpan().Fill((byte)n);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, n);
        var offset = Sectors.FromBytes((ulong)(block * BlockBytes));
        dev.Write(offset, buffer);
        lock (_lock)
        {
            _acknowledged[block] = n;
            _inFlight = null;
        }
        var back = new byte[BlockBytes];
        dev.Read(offset, back);
        if (!back.AsSpan().SequenceEqual(buffer))
        {
            lock (_lock)
            {
                _errors.Add($"block {block}: read back differs right after write {n}");
            }
        }
    }

    /// <summary>The acknowledged blocks that <paramref name="top"/> (the whole LV read back) does not hold.</summary>
    public static List<string> Lost(byte[] top, Dictionary<long, uint> acknowledged, (long Block, uint N)? inFlight)
    {
        var lost = new List<string>();
        foreach (var (block, n) in acknowledged)
        {
            if ((block + 1) * BlockBytes > top.Length)
            {
                lost.Add($"block {block} (write {n}) is past the LV's end");
                continue;
            }
            uint found = BinaryPrimitives.ReadUInt32LittleEndian(top.AsSpan((int)(block * BlockBytes)));
            if (found != n && !(inFlight is { } f && f.Block == block && f.N == found))
            {
                lost.Add($"block {block}: acknowledged write {n}, reads {found}");
            }
        }
        return lost;
    }
}
