using System.Text;
using System.Text.RegularExpressions;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.Metadata;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// What a set of PV images reads as, in a form two runs of the same command can be compared by: the orphan
/// PVs and each VG's text (uuids numbered by first appearance, times and header fixed), and the text of every
/// committed copy in every metadata area. A scan or parse failure is part of the state (it is never old or new).
/// </summary>
internal sealed partial record VgState(string Main, IReadOnlySet<string> Copies, string? Error)
{
    private static readonly VgTextHeader FixedHeader = new()
    {
        Description = "state",
        CreationTime = 0,
        CreationHost = "host",
        HostComment = "Linux host",
    };

    public bool Readable => Error is null;

    /// <summary>Reads the images with plain file devices (no faults).</summary>
    public static VgState Read(IReadOnlyList<string> images)
    {
        try
        {
            ScanResult scan = VgReader.Scan(images);
            var main = new StringBuilder();
            foreach (ScannedPv orphan in scan.Orphans.OrderBy(o => o.Path, StringComparer.Ordinal))
            {
                main.Append("orphan ").Append(Path.GetFileName(orphan.Path)).Append(' ').Append(orphan.PvId).Append('\n');
            }
            foreach (LoadedVg vg in scan.Vgs)
            {
                main.Append(VgText.WriteBackup(vg.Vg, FixedHeader));
                main.Append("devices ").AppendJoin(',', vg.Devices.Select(d => d is null ? "missing" : Path.GetFileName(d.Path))).Append('\n');
            }
            return new VgState(Normalize(main.ToString()), ReadCopies(images), null);
        }
        catch (StorageException e)
        {
            return new VgState(string.Empty, new HashSet<string>(), e.Message);
        }
    }

    /// <summary>The normalised VG text of every committed copy in every metadata area of the images.</summary>
    private static HashSet<string> ReadCopies(IReadOnlyList<string> images)
    {
        var copies = new HashSet<string>(StringComparer.Ordinal);
        foreach (string image in images)
        {
            using FileBlockDevice device = FileBlockDevice.Open(image, readOnly: true);
            if (!PhysicalVolumeDisk.TryOpen(device, out PhysicalVolumeDisk? disk))
            {
                continue;
            }
            foreach (MetadataArea area in disk.MetadataAreas)
            {
                if (area.ReadCommitted() is { } copy)
                {
                    copies.Add(Normalize(VgText.WriteBackup(VgText.Parse(copy.Text.Span, $"copy on {image}"), FixedHeader)));
                }
            }
        }
        return copies;
    }

    /// <summary>The main state with the VG seqnos taken out (a repair only moves the seqno on).</summary>
    public string WithoutSeqno => SeqnoLine().Replace(Main, "seqno = _");

    /// <summary>The VG texts (normalised) that <see cref="Main"/> holds, to compare copies with.</summary>
    public static string Normalize(string text)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        text = DashedUuid().Replace(text, m => m.Value.Replace("-", string.Empty, StringComparison.Ordinal));
        text = RawUuid().Replace(text, m =>
        {
            if (!numbers.TryGetValue(m.Value, out int n))
            {
                n = numbers.Count + 1;
                numbers[m.Value] = n;
            }
            return "uuid" + n;
        });
        return CreationTime().Replace(text, "creation_time = _");
    }

    [GeneratedRegex(@"\b[A-Za-z0-9]{6}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{6}\b")]
    private static partial Regex DashedUuid();

    [GeneratedRegex(@"\b[A-Za-z0-9]{32}\b")]
    private static partial Regex RawUuid();

    [GeneratedRegex(@"creation_time = \d+[^\n]*")]
    private static partial Regex CreationTime();

    [GeneratedRegex(@"seqno = \d+")]
    private static partial Regex SeqnoLine();
}
