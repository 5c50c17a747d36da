using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Format.Disk;

/// <summary>
/// The circular text buffer of one metadata area (LVM2 <c>format-text.c</c>): copies start on
/// 512-byte boundaries after the old copy, and a copy that runs past the end of the area continues
/// at offset 512 (right after the header). Offsets are relative to the area start.
/// </summary>
public static class MetadataRing
{
    public const int Alignment = 512;

    /// <summary>The largest text (NUL included) the area accepts: half the usable space minus a sector, so the old copy is never overwritten.</summary>
    public static ulong MaxTextSize(ulong mdaSize) => mdaSize < 3 * (ulong)Alignment ? 0 : ((mdaSize - MdaHeader.HeaderSize) / 2) - Alignment;

    /// <summary>The smallest area (header included) whose <see cref="MaxTextSize"/> holds a text of <paramref name="textSize"/> bytes.</summary>
    public static ulong NeededAreaSize(ulong textSize) => 2 * (textSize + Alignment) + MdaHeader.HeaderSize;

    /// <summary>Where the next copy starts, given the committed copy (LVM2's _next_rlocn_offset).</summary>
    public static ulong NextOffset(ulong mdaSize, RawLocation old)
    {
        if (old.IsEmpty || old.IsIgnored)
        {
            return MdaHeader.HeaderSize;
        }
        ulong end = old.Offset + old.Size;
        ulong oldLast = end > mdaSize ? end - mdaSize + MdaHeader.HeaderSize - 1 : end - 1;
        if (mdaSize - oldLast < Alignment)
        {
            return MdaHeader.HeaderSize;
        }
        ulong next = (oldLast + 1 + Alignment - 1) / Alignment * Alignment;
        return next > mdaSize - Alignment ? MdaHeader.HeaderSize : next;
    }

    /// <summary>The one or two byte ranges [start, end) a copy occupies in the area.</summary>
    public static (ulong Start, ulong End, ulong WrapEnd) Extent(ulong mdaSize, ulong offset, ulong size)
    {
        ulong end = offset + size;
        return end > mdaSize
            ? (offset, mdaSize, MdaHeader.HeaderSize + (end - mdaSize))
            : (offset, end, MdaHeader.HeaderSize);
    }

    /// <summary>True when two copies share a byte.</summary>
    public static bool Overlaps(ulong mdaSize, RawLocation a, RawLocation b)
    {
        var x = Extent(mdaSize, a.Offset, a.Size);
        var y = Extent(mdaSize, b.Offset, b.Size);
        return Intersects(x.Start, x.End, y.Start, y.End)
            || Intersects(x.Start, x.End, MdaHeader.HeaderSize, y.WrapEnd)
            || Intersects(MdaHeader.HeaderSize, x.WrapEnd, y.Start, y.End)
            || Intersects(MdaHeader.HeaderSize, x.WrapEnd, MdaHeader.HeaderSize, y.WrapEnd);
    }

    private static bool Intersects(ulong a0, ulong a1, ulong b0, ulong b1) => a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1;

    /// <summary>Throws Corrupt (naming the raw_locn's byte offset) unless the copy lies inside the area's text space.</summary>
    public static void CheckInside(string deviceName, DiskLocation area, RawLocation location, ulong slotOffset)
    {
        if (location.Offset < MdaHeader.HeaderSize || location.Offset >= area.Size
            || location.Size == 0 || location.Size > area.Size - MdaHeader.HeaderSize || location.Size > int.MaxValue)
        {
            throw DiskErrors.Corrupt(deviceName, slotOffset,
                $"metadata location {location.Offset}+{location.Size} lies outside the metadata area of {area.Size} bytes at {area.Offset}");
        }
    }

    /// <summary>
    /// Reads the copy a raw_locn points at and checks it: inside the area, and its CRC.
    /// Returns the bytes with the terminating NUL (as many as <see cref="RawLocation.Size"/>).
    /// </summary>
    public static byte[] Read(IBlockDevice device, DiskLocation area, RawLocation location, ulong slotOffset)
    {
        CheckInside(device.Name, area, location, slotOffset);
        var text = new byte[location.Size];
        var (start, end, wrapEnd) = Extent(area.Size, location.Offset, location.Size);
        int first = (int)(end - start);
        device.ReadBytes(area.Offset + start, text.AsSpan(0, first));
        device.ReadBytes(area.Offset + MdaHeader.HeaderSize, text.AsSpan(first, (int)(wrapEnd - MdaHeader.HeaderSize)));
        uint crc = LvmCrc.Compute(text);
        if (crc != location.Checksum)
        {
            throw DiskErrors.Corrupt(device.Name, area.Offset + location.Offset,
                $"metadata text checksum 0x{crc:x} does not match 0x{location.Checksum:x} recorded in the metadata area header");
        }
        return text;
    }

    /// <summary>
    /// Plans the next copy of <paramref name="text"/> (NUL included) after <paramref name="old"/>:
    /// throws NoSpace when it is larger than <see cref="MaxTextSize"/> or would overlap the old copy.
    /// </summary>
    public static RawLocation Plan(IBlockDevice device, DiskLocation area, RawLocation old, ReadOnlySpan<byte> text)
    {
        ulong size = (ulong)text.Length;
        ulong max = MaxTextSize(area.Size);
        if (size > max)
        {
            ulong needed = NeededAreaSize(size);
            throw new StorageException(ErrorCode.NoSpace,
                $"{device.Name}: metadata of {size} bytes does not fit in the metadata area at {area.Offset} " +
                $"(at most {max} bytes in an area of {area.Size} bytes; an area of at least {needed} bytes is needed).",
                $"Create the PV with a larger --metadatasize (at least {needed} bytes), or remove LVs to shrink the metadata.");
        }
        var planned = new RawLocation(NextOffset(area.Size, old), size, LvmCrc.Compute(text), 0);
        if (!old.IsEmpty && !old.IsIgnored && Overlaps(area.Size, old, planned))
        {
            throw new StorageException(ErrorCode.NoSpace,
                $"{device.Name}: metadata of {size} bytes is too large for the circular buffer of the metadata area at {area.Offset}.",
                "Create the PV with a larger --metadatasize.");
        }
        return planned;
    }

    /// <summary>Writes a planned copy: one write, or two when it wraps; each write ends on a sector boundary, padded with zeros.</summary>
    public static void Write(IBlockDevice device, DiskLocation area, RawLocation planned, ReadOnlySpan<byte> text)
    {
        var (start, end, wrapEnd) = Extent(area.Size, planned.Offset, planned.Size);
        int first = (int)(end - start);
        WritePadded(device, area.Offset + start, text[..first]);
        if (wrapEnd > MdaHeader.HeaderSize)
        {
            WritePadded(device, area.Offset + MdaHeader.HeaderSize, text[first..]);
        }
    }

    private static void WritePadded(IBlockDevice device, ulong byteOffset, ReadOnlySpan<byte> part)
    {
        var buffer = new byte[(part.Length + Alignment - 1) / Alignment * Alignment];
        part.CopyTo(buffer);
        device.Write(Sectors.FromBytes(byteOffset), buffer);
    }
}
