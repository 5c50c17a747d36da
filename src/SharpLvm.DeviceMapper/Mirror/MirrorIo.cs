using System.Runtime.InteropServices;
using System.Text;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>
/// dm-raid1 over its legs and a region log. Writes to in-sync regions go to every leg after the region is
/// durably marked dirty; writes to out-of-sync regions go to the default leg only; reads go to an in-sync
/// healthy leg (default first, then lower indices, wrapping). Recovery copies one region at a time from the
/// default leg to all others, ascending, starting at resume. Cleaning and recovery run in
/// <see cref="MirrorIo.UpdateStates"/> and <see cref="MirrorIo.RecoverOne"/>: from a worker thread in
/// background mode, or when driven.
/// </summary>
internal sealed partial class MirrorIo : ITargetIo
{
    private readonly object _lock = new();
    private readonly MirrorTarget _target;
    private readonly MirrorLeg[] _legs;
    private readonly RegionLog _log;
    private readonly int _regionShift;
    private readonly Sectors _length;
    private readonly Action _raiseEvent;
    private readonly string _name;
    private readonly bool _background;
    private readonly Dictionary<ulong, int> _pending = [];
    private readonly HashSet<ulong> _toClean = [];
    private ulong? _recovering;
    private int _default;
    private bool _running;
    private bool _syncReported;

    public MirrorIo(MirrorTarget target, Sectors length, TargetContext context)
    {
        _target = target;
        _length = length;
        _raiseEvent = context.RaiseEvent;
        _name = context.DeviceName;
        _background = context.Options.Resync == ResyncMode.Background;
        _regionShift = System.Numerics.BitOperations.Log2(target.Log.RegionSize.Value);
        _legs = [.. target.Legs.Select(l => new MirrorLeg(l, context.Open(l.Device)))];
        ulong regions = target.Log.RegionCount(length);
        _log = target.Log.Device is { } logDevice
            ? new DiskRegionLog(target.Log, regions, context.Open(logDevice))
            : new CoreRegionLog(target.Log, regions);
    }

    public ulong RegionCount => _log.RegionCount;

    public bool InSync
    {
        get
        {
            lock (_lock)
            {
                return _log.SyncCount == _log.RegionCount;
            }
        }
    }

    private Sectors RegionStart(ulong region) => new(region << _regionShift);

    public void Read(Sectors offset, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            ulong region = offset.Value >> _regionShift;
            int n = PieceBytes(offset, buffer.Length);
            ReadRegion(region, offset, buffer[..n]);
            buffer = buffer[n..];
            offset += new Sectors((ulong)n >> Sectors.SectorShift);
        }
    }

    public void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            ulong region = offset.Value >> _regionShift;
            int n = PieceBytes(offset, buffer.Length);
            WriteRegion(region, offset, buffer[..n]);
            buffer = buffer[n..];
            offset += new Sectors((ulong)n >> Sectors.SectorShift);
        }
    }

    /// <summary>Bytes of an I/O at <paramref name="offset"/> up to the end of its region (max_io_len = region size).</summary>
    private int PieceBytes(Sectors offset, int length)
    {
        ulong regionEnd = ((offset.Value >> _regionShift) + 1) << _regionShift;
        return (int)Math.Min((ulong)length, (regionEnd - offset.Value) << Sectors.SectorShift);
    }

    private void ReadRegion(ulong region, Sectors offset, Span<byte> buffer)
    {
        bool inSync;
        int leg;
        lock (_lock)
        {
            inSync = _log.InSync(region) && _recovering != region;
            leg = inSync ? ChooseLeg() : _legs[_default].Healthy ? _default : -1;
        }
        while (true)
        {
            if (leg < 0)
            {
                throw new StorageException(ErrorCode.IoError,
                    $"{_name}: mirror read at target sector {offset} failed: no {(inSync ? "healthy in-sync" : "healthy default")} leg left");
            }
            try
            {
                _legs[leg].Device.Read(_legs[leg].Spec.Offset + offset, buffer);
                return;
            }
            catch (StorageException) when (inSync)
            {
                FailLeg(leg, LegErrors.Read);
                lock (_lock)
                {
                    leg = ChooseLeg();
                }
            }
        }
    }

    /// <summary>choose_mirror: the default leg if healthy, else the next healthy one at lower indices, wrapping.</summary>
    private int ChooseLeg()
    {
        for (int k = 0; k < _legs.Length; k++)
        {
            int i = (_default - k + _legs.Length) % _legs.Length;
            if (_legs[i].Healthy)
            {
                return i;
            }
        }
        return -1;
    }

    private void WriteRegion(ulong region, Sectors offset, ReadOnlySpan<byte> buffer)
    {
        bool inSync;
        int target;
        lock (_lock)
        {
            while (_recovering == region)
            {
                Monitor.Wait(_lock);
            }
            inSync = _log.InSync(region);
            CollectionsMarshal.GetValueRefOrAddDefault(_pending, region, out _)++;
            _toClean.Remove(region);
            if (inSync && _log.IsClean(region))
            {
                _log.MarkDirty(region);
                _log.Flush(FlushLegs);
            }
            target = _default;
        }
        Span<bool> send = stackalloc bool[_legs.Length];
        Span<bool> failed = stackalloc bool[_legs.Length];
        if (inSync)
        {
            send.Fill(true);
        }
        else
        {
            send[target] = true;
        }
        LegWriter.Write(_legs, send, offset, buffer, failed);
        int failures = failed.Count(true), written = send.Count(true) - failures;
        if (failures == 0)
        {
            Complete(region, inSync);
            return;
        }
        // do_failures before dm_rh_dec: the region is out of sync before its last write completes, so a write
        // to it finishing at the same time cannot queue it to be written clean.
        for (int i = 0; i < _legs.Length; i++)
        {
            if (failed[i])
            {
                FailLeg(i, LegErrors.Write);
            }
        }
        lock (_lock)
        {
            if (!_log.Failed)
            {
                _log.SetInSync(region, false);
                _toClean.Remove(region);
                _syncReported = false;
            }
        }
        Complete(region, cleanable: false);
        if (written == 0)
        {
            throw new StorageException(ErrorCode.IoError, $"{_name}: mirror write at target sector {offset} failed on every leg it was sent to");
        }
    }

    /// <summary>dm_rh_dec: the region's last write done makes it cleanable (if it was in sync and stays so).</summary>
    private void Complete(ulong region, bool cleanable)
    {
        lock (_lock)
        {
            ref int pending = ref CollectionsMarshal.GetValueRefOrNullRef(_pending, region);
            if (--pending == 0)
            {
                _pending.Remove(region);
                if (cleanable && _log.InSync(region))
                {
                    _toClean.Add(region);
                }
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>fail_mirror: count the error; with handle_errors a new error kind raises an event and a failed default leg is replaced.</summary>
    private void FailLeg(int index, LegErrors kind)
    {
        bool raise;
        lock (_lock)
        {
            var leg = _legs[index];
            leg.ErrorCount++;
            bool fresh = (leg.Errors & kind) == 0;
            leg.Errors |= kind;
            raise = _target.HandleErrors && fresh;
            if (_target.HandleErrors && index == _default && (_log.SyncCount == _log.RegionCount || _target.KeepLog))
            {
                int valid = Array.FindIndex(_legs, l => l.Healthy);
                if (valid >= 0)
                {
                    _default = valid;
                }
            }
        }
        if (raise)
        {
            _raiseEvent();
        }
    }

    /// <summary>The mirror's flush callback before clean bits are written: every leg flushed; false if one failed.</summary>
    private bool FlushLegs()
    {
        bool ok = true;
        for (int i = 0; i < _legs.Length; i++)
        {
            try
            {
                _legs[i].Device.Flush();
            }
            catch (StorageException)
            {
                FailLeg(i, LegErrors.Flush);
                ok = false;
            }
        }
        return ok;
    }

    public void Flush()
    {
        int failures = 0;
        for (int i = 0; i < _legs.Length; i++)
        {
            try
            {
                _legs[i].Device.Flush();
            }
            catch (StorageException)
            {
                FailLeg(i, LegErrors.Flush);
                failures++;
            }
        }
        if (failures == _legs.Length)
        {
            throw new StorageException(ErrorCode.IoError, $"{_name}: mirror flush failed on every leg");
        }
    }

    /// <summary>Discards go to every leg; their errors fail the discard but never degrade the mirror.</summary>
    public void Discard(Sectors offset, Sectors length)
    {
        StorageException? first = null;
        foreach (var leg in _legs)
        {
            try
            {
                leg.Device.Discard(leg.Spec.Offset + offset, length);
            }
            catch (StorageException e)
            {
                first ??= e;
            }
        }
        if (first is not null)
        {
            throw new StorageException(ErrorCode.IoError, $"{_name}: mirror discard at target sector {offset} failed: {first.Message}", null, first);
        }
    }

    /// <summary>"&lt;#legs&gt; &lt;devs&gt; &lt;sync&gt;/&lt;regions&gt; 1 &lt;chars&gt; &lt;log status&gt;".</summary>
    public string Status()
    {
        lock (_lock)
        {
            var sb = new StringBuilder();
            sb.Append(_legs.Length);
            foreach (var leg in _legs)
            {
                sb.Append(' ').Append(leg.Spec.Device);
            }
            sb.Append(' ').Append(_log.SyncCount).Append('/').Append(_log.RegionCount).Append(" 1 ");
            foreach (var leg in _legs)
            {
                sb.Append(leg.StatusChar);
            }
            sb.Append(' ').Append(_log.Status());
            return sb.ToString();
        }
    }
}
