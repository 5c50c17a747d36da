using System.Buffers.Binary;
using System.IO.Hashing;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's CRC-32: the reflected IEEE table (polynomial 0xEDB88320) run as a raw register from the seed
/// <see cref="Initial"/> (0xf597a6cf), with no pre-inversion and no final XOR. It guards the label
/// (bytes 20..511), the mda header (bytes 4..511) and every metadata text copy (NUL included).
/// </summary>
/// <remarks>
/// System.IO.Hashing 10.0.0 has only the fixed IEEE <see cref="Crc32"/> (register starts at
/// 0xFFFFFFFF, result inverted); it offers no parameter set or seed. We reuse its vectorised
/// code anyway: four prefix bytes chosen per seed bring its register from 0xFFFFFFFF to the seed,
/// the data follows, and inverting the result undoes its final XOR.
/// </remarks>
public static class LvmCrc
{
    /// <summary>LVM2's INITIAL_CRC.</summary>
    public const uint Initial = 0xf597a6cf;

    private const uint Polynomial = 0xEDB88320;
    private const uint Ieee32Start = 0xFFFFFFFF;

    private static readonly uint InitialPrefix = PrefixFor(Initial);

    /// <summary>The CRC of <paramref name="data"/> from LVM2's initial value.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ComputeFromPrefix(InitialPrefix, data);

    /// <summary>Continues a CRC: <c>Compute(Compute(a), b)</c> equals the CRC of a followed by b.</summary>
    public static uint Compute(uint seed, ReadOnlySpan<byte> data) =>
        ComputeFromPrefix(seed == Initial ? InitialPrefix : PrefixFor(seed), data);

    private static uint ComputeFromPrefix(uint prefix, ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        Span<byte> start = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(start, prefix);
        crc.Append(start);
        crc.Append(data);
        return ~crc.GetCurrentHashAsUInt32();
    }

    /// <summary>
    /// The four bytes (little-endian) that move the IEEE register from 0xFFFFFFFF to <paramref name="seed"/>:
    /// feeding X moves register r to shift32(r ^ X), so X = unshift32(seed) ^ r.
    /// </summary>
    private static uint PrefixFor(uint seed)
    {
        uint r = seed;
        for (int bit = 0; bit < 32; bit++)
        {
            // Inverse of one reflected step r' = (r >> 1) ^ (lowbit ? poly : 0); the polynomial's top bit tells which.
            r = (r & 0x80000000) != 0 ? ((r ^ Polynomial) << 1) | 1 : r << 1;
        }
        return r ^ Ieee32Start;
    }
}
