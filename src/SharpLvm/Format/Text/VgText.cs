using System.Text;
using SharpLvm.Model;

namespace SharpLvm.Format.Text;

/// <summary>A parsed metadata text: the VG and the header values around it.</summary>
/// <param name="Vg">The volume group.</param>
/// <param name="Description">The <c>description</c> value, if present.</param>
/// <param name="CreationHost">The <c>creation_host</c> value, if present.</param>
/// <param name="CreationTime">The <c>creation_time</c> value, if present.</param>
public sealed record VgTextDocument(VolumeGroup Vg, string? Description, string? CreationHost, long? CreationTime);

/// <summary>
/// LVM2's text metadata: parse to a <see cref="VolumeGroup"/>, write it back in the on-disk form (raw, NUL-terminated)
/// or the backup-file form (vgcfgbackup), byte for byte as LVM2 2.03.16 does, and summarize a copy cheaply.
/// Errors are StorageException(Corrupt) naming the line and the object.
/// </summary>
public static class VgText
{
    /// <summary>Parses metadata text (either form) into a VG.</summary>
    public static VolumeGroup Parse(string text, string what = "metadata text") => ParseDocument(text, what).Vg;

    /// <summary>Parses UTF-8 metadata bytes up to the first NUL (as read from a metadata area).</summary>
    public static VolumeGroup Parse(ReadOnlySpan<byte> utf8, string what = "metadata text") =>
        ParseDocument(ConfigParser.DecodeText(utf8), what).Vg;

    /// <summary>Parses metadata text into the VG and the header values.</summary>
    public static VgTextDocument ParseDocument(string text, string what = "metadata text")
    {
        List<ConfigNode> top = ConfigParser.Parse(text, what);
        VolumeGroup vg = VgImporter.Import(top, what);
        ConfigNode? description = top.Find(n => n.Key == "description" && n.Value?.Kind == ConfigValueKind.String);
        ConfigNode? host = top.Find(n => n.Key == "creation_host" && n.Value?.Kind == ConfigValueKind.String);
        ConfigNode? time = top.Find(n => n.Key == "creation_time" && n.Value?.Kind == ConfigValueKind.Integer);
        return new VgTextDocument(vg, description?.Value!.Text, host?.Value!.Text, time?.Value!.Integer);
    }

    /// <summary>The on-disk text (no indentation, VG first, header last) as a string without the final NUL.</summary>
    public static string WriteOnDiskText(VolumeGroup vg, VgTextHeader header) => VgExporter.Export(vg, header, fileForm: false);

    /// <summary>The on-disk bytes: UTF-8 text followed by one NUL (the length LVM2 records includes it).</summary>
    public static byte[] WriteOnDisk(VolumeGroup vg, VgTextHeader header)
    {
        string text = WriteOnDiskText(vg, header);
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>The backup-file form (vgcfgbackup/archive): header first, tab indentation, comments.</summary>
    public static string WriteBackup(VolumeGroup vg, VgTextHeader header) => VgExporter.Export(vg, header, fileForm: true);

    /// <summary>VG name, id and seqno of a metadata copy without parsing all of it; throws StorageException(Corrupt).</summary>
    public static VgTextSummary Summarize(ReadOnlyMemory<byte> text) => VgTextSummarizer.Summarize(text.Span);
}
