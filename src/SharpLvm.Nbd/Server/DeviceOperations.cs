using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;

namespace SharpLvm.Nbd.Server;

/// <summary>
/// Byte-addressed NBD operations on a sector device. Whole-sector requests (what every real client sends,
/// since we advertise a 512-byte minimum block size) go straight to the device; a client that ignores the
/// advertised size still works: partial sectors are read, modified and written back under the export's lock.
/// </summary>
internal static class DeviceOperations
{
    private const int ZeroChunk = 1024 * 1024;
    private static readonly byte[] Zeros = new byte[ZeroChunk];

    public static bool IsAligned(ulong offset, long length) =>
        ((offset | (ulong)length) & (Sectors.SectorSize - 1)) == 0;

    public static void Read(IBlockDevice device, ulong offset, Span<byte> buffer)
    {
        if (IsAligned(offset, buffer.Length))
        {
            device.Read(new Sectors(offset >> Sectors.SectorShift), buffer);
        }
        else
        {
            device.ReadBytes(offset, buffer);
        }
    }

    public static void Write(NbdExport export, ulong offset, ReadOnlySpan<byte> buffer)
    {
        if (IsAligned(offset, buffer.Length))
        {
            export.Device.Write(new Sectors(offset >> Sectors.SectorShift), buffer);
            return;
        }
        lock (export.PartialSectorLock)
        {
            export.Device.WriteBytes(offset, buffer);
        }
    }

    /// <summary>Discards the whole sectors inside the range (a trim is a hint: partial sectors are left alone).</summary>
    public static void Trim(IBlockDevice device, ulong offset, uint length)
    {
        ulong first = (offset + Sectors.SectorSize - 1) >> Sectors.SectorShift;
        ulong end = (offset + length) >> Sectors.SectorShift;
        if (end > first)
        {
            device.Discard(new Sectors(first), new Sectors(end - first));
        }
    }

    /// <summary>
    /// Writes zeros. A discard's contents are unspecified on our devices, so zeros are always written:
    /// the range stays allocated, which also satisfies NO_HOLE.
    /// </summary>
    public static void WriteZeroes(NbdExport export, ulong offset, uint length)
    {
        ulong end = offset + length;
        ulong alignedStart = (offset + Sectors.SectorSize - 1) & ~(ulong)(Sectors.SectorSize - 1);
        ulong alignedEnd = end & ~(ulong)(Sectors.SectorSize - 1);
        if (alignedEnd <= alignedStart)
        {
            Write(export, offset, Zeros.AsSpan(0, (int)length));
            return;
        }
        if (alignedStart > offset)
        {
            Write(export, offset, Zeros.AsSpan(0, (int)(alignedStart - offset)));
        }
        for (ulong position = alignedStart; position < alignedEnd;)
        {
            int n = (int)Math.Min(alignedEnd - position, ZeroChunk);
            export.Device.Write(new Sectors(position >> Sectors.SectorShift), Zeros.AsSpan(0, n));
            position += (ulong)n;
        }
        if (end > alignedEnd)
        {
            Write(export, alignedEnd, Zeros.AsSpan(0, (int)(end - alignedEnd)));
        }
    }
}
