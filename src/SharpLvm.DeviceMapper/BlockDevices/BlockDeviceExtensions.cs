using System.Buffers;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.BlockDevices;

/// <summary>Byte-addressed helpers over a sector device, for on-disk structures that are not sector-aligned.</summary>
public static class BlockDeviceExtensions
{
    /// <summary>Reads <paramref name="destination"/>.Length bytes at a byte offset (reads the covering sectors).</summary>
    public static void ReadBytes(this IBlockDevice device, ulong byteOffset, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }
        ulong first = byteOffset >> Sectors.SectorShift;
        ulong end = (byteOffset + (ulong)destination.Length + Sectors.SectorSize - 1) >> Sectors.SectorShift;
        int length = checked((int)((end - first) << Sectors.SectorShift));
        int skip = (int)(byteOffset & (Sectors.SectorSize - 1));
        if (skip == 0 && length == destination.Length)
        {
            device.Read(new Sectors(first), destination);
            return;
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            device.Read(new Sectors(first), rented.AsSpan(0, length));
            rented.AsSpan(skip, destination.Length).CopyTo(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a whole byte range into a new array.</summary>
    public static byte[] ReadBytes(this IBlockDevice device, ulong byteOffset, int count)
    {
        var result = new byte[count];
        device.ReadBytes(byteOffset, result);
        return result;
    }

    /// <summary>
    /// Writes bytes at a byte offset. Partial sectors at either end are read, modified and written back,
    /// so the whole covering range is written in one call.
    /// </summary>
    public static void WriteBytes(this IBlockDevice device, ulong byteOffset, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return;
        }
        ulong first = byteOffset >> Sectors.SectorShift;
        ulong end = (byteOffset + (ulong)source.Length + Sectors.SectorSize - 1) >> Sectors.SectorShift;
        int length = checked((int)((end - first) << Sectors.SectorShift));
        int skip = (int)(byteOffset & (Sectors.SectorSize - 1));
        if (skip == 0 && length == source.Length)
        {
            device.Write(new Sectors(first), source);
            return;
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var span = rented.AsSpan(0, length);
            if (skip != 0)
            {
                device.Read(new Sectors(first), span[..Sectors.SectorSize]);
            }
            if (((byteOffset + (ulong)source.Length) & (Sectors.SectorSize - 1)) != 0)
            {
                device.Read(new Sectors(end - 1), span[^Sectors.SectorSize..]);
            }
            source.CopyTo(span[skip..]);
            device.Write(new Sectors(first), span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
