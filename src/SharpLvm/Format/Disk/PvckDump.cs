using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using L = SharpLvm.Format.Disk.LabelLayout;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's <c>pvck --dump headers | metadata | metadata_all</c>, line for line (each line as LVM2 prints it,
/// with its two-space prefix; the metadata text itself unprefixed). Raw fields are printed as found, and
/// damaged values give LVM2's "CHECK:" lines instead of exceptions.
/// </summary>
public sealed partial class PvckDump
{
    private readonly IBlockDevice _device;
    private readonly Func<ReadOnlyMemory<byte>, VgTextSummary>? _summarize;
    private readonly Func<ReadOnlyMemory<byte>, bool>? _parsable;
    private readonly List<string> _lines = [];

    /// <param name="device">The PV.</param>
    /// <param name="devicePath">The path to name in messages (the device's name when null).</param>
    /// <param name="summarize">The text parser's summary (vgname, seqno); a line-based reading of the first lines when null.</param>
    /// <param name="parsable">Whether a text parses (for metadata_all's parse warnings); every text counts as parsable when null.</param>
    public PvckDump(IBlockDevice device, string? devicePath = null,
        Func<ReadOnlyMemory<byte>, VgTextSummary>? summarize = null, Func<ReadOnlyMemory<byte>, bool>? parsable = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        DevicePath = devicePath ?? device.Name;
        _summarize = summarize;
        _parsable = parsable;
    }

    public string DevicePath { get; }

    /// <summary><c>pvck --dump headers</c>.</summary>
    public IReadOnlyList<string> Headers(ulong labelSector = L.DefaultSector) => Run(() =>
    {
        var pv = DumpLabel(labelSector, printFields: true);
        if (pv.MdaCount == 0)
        {
            Print("zero metadata copies");
            return true;
        }
        bool good = pv.Good;
        good &= DumpMda(pv.Mda1, printFields: true, PrintMode.None, out uint checksum1);
        if (pv.Mda2.Offset != 0)
        {
            good &= DumpMda(pv.Mda2, printFields: true, PrintMode.None, out uint checksum2);
            if (checksum1 != 0 && checksum2 != 0 && checksum1 != checksum2)
            {
                Print("CHECK: mdas have different raw_locn[0].checksum values");
            }
        }
        return good;
    });

    /// <summary><c>pvck --dump metadata</c> (the committed text of mda 1 or 2).</summary>
    public IReadOnlyList<string> Metadata(int mdaNumber = 1, ulong labelSector = L.DefaultSector) =>
        DumpMetadata(mdaNumber, labelSector, PrintMode.Current);

    /// <summary><c>pvck --dump metadata_all</c> (every copy found in the ring of mda 1 or 2).</summary>
    public IReadOnlyList<string> MetadataAll(int mdaNumber = 1, ulong labelSector = L.DefaultSector) =>
        DumpMetadata(mdaNumber, labelSector, PrintMode.All);

    private IReadOnlyList<string> DumpMetadata(int mdaNumber, ulong labelSector, PrintMode mode) => Run(() =>
    {
        var pv = DumpLabel(labelSector, printFields: false);
        if (pv.MdaCount == 0)
        {
            Print("zero metadata copies");
            return true;
        }
        bool good = pv.Good;
        if (mdaNumber == 1)
        {
            good &= DumpMda(pv.Mda1, printFields: false, mode, out _);
        }
        else if (pv.Mda2.Offset == 0)
        {
            Print("CHECK: second mda not found");
            good = false;
        }
        else
        {
            good &= DumpMda(pv.Mda2, printFields: false, mode, out _);
        }
        return good;
    });

    private enum PrintMode
    {
        None,
        Current,
        All,
    }

    private readonly record struct LabelResult(bool Good, int MdaCount, DiskLocation Mda1, DiskLocation Mda2);

    private List<string> Run(Func<bool> dump)
    {
        _lines.Clear();
        if (!dump())
        {
            Print("Found bad header or metadata values.");
        }
        return [.. _lines];
    }

    private void Print(string line) => _lines.Add("  " + line);

    private static string N(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string X(uint value) => value.ToString("x", CultureInfo.InvariantCulture);

    private bool TryRead(ulong offset, Span<byte> buffer)
    {
        try
        {
            _device.ReadBytes(offset, buffer);
            return true;
        }
        catch (StorageException)
        {
            return false;
        }
    }

    /// <summary>LVM2's _chars_to_str: unprintable bytes become '?'.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '?');
        }
        return sb.ToString();
    }

    private LabelResult DumpLabel(ulong labelSector, bool printFields)
    {
        ulong at = labelSector * L.SectorSize;
        var buf = new byte[L.SectorSize];
        if (!TryRead(at, buf))
        {
            Print($"CHECK: failed to read label_header at {N(at)}");
            return new LabelResult(false, 0, default, default);
        }
        ReadOnlySpan<byte> s = buf;
        if (printFields)
        {
            Print($"label_header at {N(at)}");
            Print($"label_header.id {Printable(s[..8])}");
            Print($"label_header.sector {N(BinaryPrimitives.ReadUInt64LittleEndian(s[L.SectorNumber..]))}");
            Print($"label_header.crc 0x{X(BinaryPrimitives.ReadUInt32LittleEndian(s[L.Crc..]))}");
            Print($"label_header.offset {N(BinaryPrimitives.ReadUInt32LittleEndian(s[L.ContentsOffset..]))}");
            Print($"label_header.type {Printable(s.Slice(L.Type, 8))}");
        }
        bool good = CheckLabel(s, labelSector);
        ulong pvh = at + L.HeaderSize;
        if (printFields)
        {
            Print($"pv_header at {N(pvh)}");
            Print($"pv_header.pv_uuid {Printable(s.Slice(L.PvUuid, L.UuidLength))}");
            Print($"pv_header.device_size {N(BinaryPrimitives.ReadUInt64LittleEndian(s[L.DeviceSize..]))}");
        }
        if (!PvUuid.IsValidRaw(s.Slice(L.PvUuid, L.UuidLength)))
        {
            Print("CHECK: pv_header.pv_uuid invalid format");
            good = false;
        }
        int pos = L.DiskAreas, di = 0;
        DumpList(s, ref pos, ref di, at, printFields, "pv_header", "location of data area", _ => { });
        int mdaCount = 0;
        DiskLocation mda1 = default, mda2 = default;
        DumpList(s, ref pos, ref di, at, printFields, "pv_header", "location of metadata area", entry =>
        {
            if (mdaCount == 0)
            {
                mda1 = entry.Location;
                if (entry.Location.Offset is not (4096 or 8192 or 65536))
                {
                    Print($"WARNING: pv_header.disk_locn[{entry.Index}].offset {N(entry.Location.Offset)} is unexpected # for first mda");
                }
            }
            else
            {
                mda2 = entry.Location;
            }
            mdaCount++;
        });
        ulong ext = at + (ulong)pos;
        uint version = pos + 8 <= L.SectorSize ? BinaryPrimitives.ReadUInt32LittleEndian(s[pos..]) : 0;
        uint flags = pos + 8 <= L.SectorSize ? BinaryPrimitives.ReadUInt32LittleEndian(s[(pos + 4)..]) : 0;
        if (printFields)
        {
            Print($"pv_header_extension at {N(ext)}");
            Print($"pv_header_extension.version {N(version)}");
            Print($"pv_header_extension.flags {N(flags)}");
        }
        pos += 8;
        int bi = 0;
        DumpList(s, ref pos, ref bi, at, printFields, "pv_header_extension", "bootloader area", _ => { });
        return new LabelResult(good, mdaCount, mda1, mda2);
    }

    private bool CheckLabel(ReadOnlySpan<byte> s, ulong labelSector)
    {
        bool good = true;
        if (!s[..8].SequenceEqual(L.LabelId))
        {
            Print("CHECK: label_header.id expected LABELONE");
            good = false;
        }
        if (BinaryPrimitives.ReadUInt64LittleEndian(s[L.SectorNumber..]) != labelSector)
        {
            Print($"CHECK: label_header.sector expected {N(labelSector)}");
            good = false;
        }
        uint crc = LvmCrc.Compute(s[L.CrcStart..L.SectorSize]);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(s[L.Crc..]))
        {
            Print($"CHECK: label_header.crc expected 0x{X(crc)}");
            good = false;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(s[L.ContentsOffset..]) != L.HeaderSize)
        {
            Print("CHECK: label_header.offset expected 32");
            good = false;
        }
        if (!s.Slice(L.Type, 8).SequenceEqual(L.Lvm2Type))
        {
            Print("CHECK: label_header.type expected LVM2 001");
            good = false;
        }
        return good;
    }

    private readonly record struct ListEntry(int Index, DiskLocation Location);

    /// <summary>Prints a disk_locn list up to and including its all-zero end (stopping at the end of the sector).</summary>
    private void DumpList(ReadOnlySpan<byte> s, ref int pos, ref int index, ulong at, bool printFields,
        string owner, string what, Action<ListEntry> onEntry)
    {
        while (true)
        {
            var entry = pos + DiskLocation.EncodedSize <= L.SectorSize ? DiskLocation.Read(s[pos..]) : default;
            bool end = entry.Offset == 0;
            if (printFields)
            {
                Print($"{owner}.disk_locn[{index}] at {N(at + (ulong)pos)} # {(end ? "location list end" : what)}");
                Print($"{owner}.disk_locn[{index}].offset {N(entry.Offset)}");
                Print($"{owner}.disk_locn[{index}].size {N(entry.Size)}");
            }
            if (!end)
            {
                onEntry(new ListEntry(index, entry));
            }
            index++;
            pos += DiskLocation.EncodedSize;
            if (end || pos >= L.SectorSize)
            {
                return;
            }
        }
    }
}
