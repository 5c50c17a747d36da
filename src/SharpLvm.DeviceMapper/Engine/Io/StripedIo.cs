using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>
/// dm-stripe: chunk = o / chunk_size, stripe = chunk % n, row = chunk / n,
/// physical = offset[stripe] + row × chunk_size + o % chunk_size. I/O is split at chunk boundaries;
/// flush goes to every leg, discard to the part of each leg the range covers. Errors are counted per leg
/// (status 'D'), with an event while the count is below 15.
/// </summary>
internal sealed class StripedIo : ITargetIo
{
    private const int ErrorEventThreshold = 15;
    private readonly StripedTarget _target;
    private readonly IBlockDevice[] _legs;
    private readonly ulong[] _offsets;
    private readonly ulong _chunk;
    private readonly int[] _errors;
    private readonly Action _raiseEvent;

    public StripedIo(StripedTarget target, TargetContext context)
    {
        _target = target;
        _legs = [.. target.Stripes.Select(s => context.Open(s.Device))];
        _offsets = [.. target.Stripes.Select(s => s.Offset.Value)];
        _chunk = target.ChunkSize.Value;
        _errors = new int[_legs.Length];
        _raiseEvent = context.RaiseEvent;
    }

    /// <summary>The leg and its sector for target-relative sector <paramref name="o"/>, and the sectors left in its chunk.</summary>
    public (int Stripe, Sectors Physical, ulong LeftInChunk) Map(ulong o)
    {
        ulong chunk = o / _chunk, inChunk = o % _chunk;
        int stripe = (int)(chunk % (ulong)_legs.Length);
        ulong row = chunk / (ulong)_legs.Length;
        return (stripe, new Sectors(_offsets[stripe] + row * _chunk + inChunk), _chunk - inChunk);
    }

    public unsafe void Read(Sectors offset, Span<byte> buffer)
    {
        if (buffer.Length >= StripeFanOut.ParallelBytes && _legs.Length > 1)
        {
            fixed (byte* data = buffer)
            {
                using var pinned = new PinnedMemory(data, buffer.Length);
                Memory<byte> whole = pinned.Memory;
                StripeFanOut.Run(Pieces(offset, buffer.Length), _legs.Length,
                    list => _legs[list[0].Stripe].ReadVector(list[0].Physical, [.. list.Select(p => whole.Slice(p.BufferOffset, p.Length))]),
                    CountError);
            }
            return;
        }
        foreach (StripeFanOut.Piece p in Walk(offset, buffer.Length))
        {
            try
            {
                _legs[p.Stripe].Read(p.Physical, buffer.Slice(p.BufferOffset, p.Length));
            }
            catch (StorageException)
            {
                CountError(p.Stripe);
                throw;
            }
        }
    }

    public unsafe void Write(Sectors offset, ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length >= StripeFanOut.ParallelBytes && _legs.Length > 1)
        {
            fixed (byte* data = buffer)
            {
                using var pinned = new PinnedMemory(data, buffer.Length);
                ReadOnlyMemory<byte> whole = pinned.Memory;
                StripeFanOut.Run(Pieces(offset, buffer.Length), _legs.Length,
                    list => _legs[list[0].Stripe].WriteVector(list[0].Physical, [.. list.Select(p => whole.Slice(p.BufferOffset, p.Length))]),
                    CountError);
            }
            return;
        }
        foreach (StripeFanOut.Piece p in Walk(offset, buffer.Length))
        {
            try
            {
                _legs[p.Stripe].Write(p.Physical, buffer.Slice(p.BufferOffset, p.Length));
            }
            catch (StorageException)
            {
                CountError(p.Stripe);
                throw;
            }
        }
    }

    /// <summary>The chunk pieces of a request of <paramref name="length"/> bytes at <paramref name="offset"/>, as a list (the fan-out groups them).</summary>
    private List<StripeFanOut.Piece> Pieces(Sectors offset, int length)
    {
        var pieces = new List<StripeFanOut.Piece>((int)((ulong)length / (_chunk << Sectors.SectorShift)) + 2);
        foreach (StripeFanOut.Piece p in Walk(offset, length))
        {
            pieces.Add(p);
        }
        return pieces;
    }

    /// <summary>The chunk pieces of a request in order, without allocating (small requests take this path).</summary>
    private PieceWalk Walk(Sectors offset, int length) => new(this, offset.Value, length);

    private struct PieceWalk(StripedIo io, ulong sector, int length)
    {
        private ulong _sector = sector;
        private int _at;

        public StripeFanOut.Piece Current { get; private set; }

        public readonly PieceWalk GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_at >= length)
            {
                return false;
            }
            var (stripe, physical, left) = io.Map(_sector);
            int n = (int)Math.Min((ulong)(length - _at), left << Sectors.SectorShift);
            Current = new StripeFanOut.Piece(stripe, physical, _at, n);
            _at += n;
            _sector += (ulong)n >> Sectors.SectorShift;
            return true;
        }
    }

    private void CountError(int stripe)
    {
        if (Interlocked.Increment(ref _errors[stripe]) < ErrorEventThreshold)
        {
            _raiseEvent();
        }
    }

    public void Flush()
    {
        foreach (var leg in _legs.Distinct())
        {
            leg.Flush();
        }
    }

    /// <summary>Each leg gets the part of [offset, offset+length) that lands on it, as one range.</summary>
    public void Discard(Sectors offset, Sectors length)
    {
        if (length == Sectors.Zero)
        {
            return;
        }
        for (int stripe = 0; stripe < _legs.Length; stripe++)
        {
            ulong first = LegSector(offset.Value, stripe);
            ulong end = LegSector(offset.Value + length.Value, stripe);
            if (end > first)
            {
                _legs[stripe].Discard(new Sectors(_offsets[stripe] + first), new Sectors(end - first));
            }
        }
    }

    /// <summary>The first leg-relative sector of <paramref name="stripe"/> at or after target sector <paramref name="o"/>.</summary>
    private ulong LegSector(ulong o, int stripe)
    {
        ulong chunk = o / _chunk, inChunk = o % _chunk;
        ulong n = (ulong)_legs.Length;
        ulong row = chunk / n;
        int s = (int)(chunk % n);
        if (s == stripe)
        {
            return row * _chunk + inChunk;
        }
        return s > stripe ? (row + 1) * _chunk : row * _chunk;
    }

    public string Status()
    {
        var sb = new StringBuilder();
        sb.Append(_legs.Length);
        foreach (var stripe in _target.Stripes)
        {
            sb.Append(' ').Append(stripe.Device);
        }
        sb.Append(" 1 ");
        for (int i = 0; i < _errors.Length; i++)
        {
            sb.Append(Volatile.Read(ref _errors[i]) == 0 ? 'A' : 'D');
        }
        return sb.ToString();
    }

    public void Dispose()
    {
    }
}
