using System.Buffers.Binary;
using System.Text;

namespace SharpLvm.Format.Disk;

public sealed partial class PvckDump
{
    private static string MagicHex(ReadOnlySpan<byte> magic)
    {
        var sb = new StringBuilder("0x");
        foreach (byte b in magic)
        {
            sb.Append(X(b));
        }
        return sb.ToString();
    }

    private bool DumpMda(DiskLocation mda, bool printFields, PrintMode mode, out uint checksum0)
    {
        checksum0 = 0;
        int n = mda.Offset == 4096 ? 1 : 2;
        var buf = new byte[MdaHeader.HeaderSize];
        if (!TryRead(mda.Offset, buf))
        {
            Print($"CHECK: failed to read mda_header at {N(mda.Offset)}");
            return false;
        }
        ReadOnlySpan<byte> h = buf;
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(h[MdaHeader.StartOffset..]);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(h[MdaHeader.SizeOffset..]);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(h[MdaHeader.VersionOffset..]);
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(h);
        if (printFields)
        {
            Print($"mda_header_{n} at {N(mda.Offset)} # metadata area");
            Print($"mda_header_{n}.checksum 0x{X(checksum)}");
            Print($"mda_header_{n}.magic {MagicHex(h.Slice(MdaHeader.MagicOffset, MdaHeader.MagicLength))}");
            Print($"mda_header_{n}.version {N(version)}");
            Print($"mda_header_{n}.start {N(start)}");
            Print($"mda_header_{n}.size {N(size)}");
        }
        bool good = true;
        uint crc = LvmCrc.Compute(h[MdaHeader.CrcStart..]);
        if (crc != checksum)
        {
            Print($"CHECK: mda_header_{n}.checksum expected 0x{X(crc)}");
            good = false;
        }
        if (!h.Slice(MdaHeader.MagicOffset, MdaHeader.MagicLength).SequenceEqual(MdaHeader.Magic))
        {
            Print($"CHECK: mda_header_{n}.magic expected {MagicHex(MdaHeader.Magic)}");
            good = false;
        }
        if (version != MdaHeader.FormatVersion)
        {
            Print($"CHECK: mda_header_{n}.version expected {MdaHeader.FormatVersion}");
            good = false;
        }
        if (start != mda.Offset)
        {
            Print($"CHECK: mda_header_{n}.start does not match pv_header.disk_locn.offset {N(mda.Offset)}");
            good = false;
        }
        if (size != mda.Size)
        {
            Print($"CHECK: mda_header_{n}.size does not match pv_header.disk_locn.size {N(mda.Size)}");
            good = false;
        }
        var slot0 = DumpRawLocation(h, 0, n, mda, printFields);
        checksum0 = slot0.Checksum;
        DumpRawLocation(h, 1, n, mda, printFields);
        if (slot0.Offset == 0)
        {
            return good;
        }
        if (mode is PrintMode.None or PrintMode.Current)
        {
            good &= DumpCurrentText(mda, n, slot0, printFields, mode == PrintMode.Current);
        }
        if (mode == PrintMode.All)
        {
            if (mda.Size > int.MaxValue || !TryReadArea(mda, out byte[] area))
            {
                Print($"CHECK: failed to read metadata area at offset {N(mda.Offset)} size {N(mda.Size)}");
                return false;
            }
            DumpAllText(mda.Offset, area);
        }
        return good;
    }

    private bool TryReadArea(DiskLocation mda, out byte[] area)
    {
        area = new byte[mda.Size];
        return TryRead(mda.Offset, area);
    }

    /// <summary>Prints one raw_locn; returns what the text dump should use (offset 0 when there is none or it is ignored).</summary>
    private RawLocation DumpRawLocation(ReadOnlySpan<byte> h, int index, int n, DiskLocation mda, bool printFields)
    {
        int offset = MdaHeader.Slot0Offset + index * RawLocation.EncodedSize;
        var r = RawLocation.Read(h[offset..]);
        if (printFields)
        {
            bool wrapped = r.Offset + r.Size > mda.Size;
            Print($"mda_header_{n}.raw_locn[{index}] at {N(mda.Offset + (ulong)offset)} # {(index == 0 ? "commit" : "precommit")}{(wrapped ? " wrapped" : "")}");
            Print($"mda_header_{n}.raw_locn[{index}].offset {N(r.Offset)}");
            Print($"mda_header_{n}.raw_locn[{index}].size {N(r.Size)}");
            Print($"mda_header_{n}.raw_locn[{index}].checksum 0x{X(r.Checksum)}");
            Print($"mda_header_{n}.raw_locn[{index}].flags 0x{X(r.Flags)}{(r.IsIgnored ? " # RAW_LOCN_IGNORED" : "")}");
        }
        if (index == 1 && r.Offset != 0)
        {
            Print($"CHECK: mda_header_{n}.raw_locn[{index}] for precommit not empty");
        }
        if (r.IsIgnored)
        {
            return default;
        }
        if (r.Size > mda.Size - MdaHeader.HeaderSize)
        {
            Print($"CHECK: mda_header_{n}.raw_locn[{index}].size larger than metadata area size");
            r = r with { Size = mda.Size - MdaHeader.HeaderSize };
        }
        return r;
    }

    private bool DumpCurrentText(DiskLocation mda, int n, RawLocation r, bool printFields, bool printMetadata)
    {
        ulong at = mda.Offset + r.Offset;
        var text = new byte[r.Size];
        bool read;
        if (r.Offset + r.Size > mda.Size)
        {
            ulong wrap = r.Offset + r.Size - mda.Size;
            int first = (int)(r.Size - wrap);
            read = TryRead(at, text.AsSpan(0, first)) && TryRead(mda.Offset + MdaHeader.HeaderSize, text.AsSpan(first));
        }
        else
        {
            read = TryRead(at, text);
        }
        if (!read)
        {
            Print($"CHECK: failed to read metadata text at mda_header_{n}.raw_locn[0].offset {N(r.Offset)} size {N(r.Size)}");
            return false;
        }
        bool good = true;
        uint crc = LvmCrc.Compute(text);
        if (crc != r.Checksum)
        {
            Print($"CHECK: metadata text at {N(at)} crc does not match mda_header_{n}.raw_locn[0].checksum");
            good = false;
        }
        var summary = Summarize(text);
        if (summary is null)
        {
            Print($"CHECK: failed to parse metadata text at {N(at)} size {N(r.Size)}");
            good = false;
        }
        if (printFields || printMetadata)
        {
            Print($"metadata text at {N(at)} crc 0x{X(crc)} # vgname {summary?.VgName ?? "?"} seqno {N(summary?.Seqno ?? 0)}");
        }
        if (printMetadata)
        {
            Print("---");
            int end = Array.IndexOf(text, (byte)0);
            string body = Encoding.UTF8.GetString(text, 0, end < 0 ? text.Length : end) + "\n";
            string[] lines = body.Split('\n');
            _lines.AddRange(lines.AsSpan(0, lines.Length - 1));
            Print("---");
        }
        return good;
    }

    private VgTextSummary? Summarize(byte[] text)
    {
        int end = Array.IndexOf(text, (byte)0);
        var memory = text.AsMemory(0, end < 0 ? text.Length : end);
        if (_summarize is null)
        {
            return PvckTextScan.QuickSummary(memory.Span);
        }
        try
        {
            return _summarize(memory);
        }
        catch (DeviceMapper.Errors.StorageException)
        {
            return null;
        }
    }
}
