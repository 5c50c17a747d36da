using System.Numerics;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>
/// A region bitmap in the kernel's little-endian bit order (region r is bit r % 8 of byte r / 8), held as
/// 64-bit words so it is byte-for-byte the dm-log clean bitmap.
/// </summary>
internal sealed class RegionBitmap
{
    private readonly ulong[] _words;

    public RegionBitmap(ulong regionCount)
    {
        Count = regionCount;
        _words = new ulong[(regionCount + 63) / 64];
    }

    public ulong Count { get; }

    public bool this[ulong region]
    {
        get => (_words[region >> 6] & (1UL << (int)(region & 63))) != 0;
        set
        {
            if (value)
            {
                _words[region >> 6] |= 1UL << (int)(region & 63);
            }
            else
            {
                _words[region >> 6] &= ~(1UL << (int)(region & 63));
            }
        }
    }

    public void SetAll(bool value)
    {
        Array.Fill(_words, value ? ulong.MaxValue : 0);
        ClearTail();
    }

    /// <summary>Bits past <see cref="Count"/> in the last word are always 0 (as disk_resume clears them).</summary>
    private void ClearTail()
    {
        if (Count % 64 != 0 && _words.Length > 0)
        {
            _words[^1] &= (1UL << (int)(Count % 64)) - 1;
        }
    }

    public ulong PopCount()
    {
        ulong n = 0;
        foreach (ulong w in _words)
        {
            n += (ulong)BitOperations.PopCount(w);
        }
        return n;
    }

    /// <summary>The first region at or after <paramref name="from"/> whose bit is 0, or null.</summary>
    public ulong? NextZero(ulong from)
    {
        for (ulong r = from; r < Count; r++)
        {
            if ((r & 63) == 0 && r + 64 <= Count && _words[r >> 6] == ulong.MaxValue)
            {
                r += 63;
                continue;
            }
            if (!this[r])
            {
                return r;
            }
        }
        return null;
    }

    public void CopyFrom(RegionBitmap other) => other._words.CopyTo(_words, 0);

    /// <summary>Writes the bitmap as the disk log stores it (little-endian words).</summary>
    public void WriteTo(Span<byte> destination)
    {
        for (int i = 0; i < _words.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], _words[i]);
        }
    }

    /// <summary>Reads the first <paramref name="regions"/> bits from a disk bitmap; later bits stay as they are.</summary>
    public void ReadFrom(ReadOnlySpan<byte> source, ulong regions)
    {
        for (ulong r = 0; r < Math.Min(regions, Count); r++)
        {
            this[r] = (source[(int)(r >> 3)] & (1 << (int)(r & 7))) != 0;
        }
    }
}
