using System.Globalization;
using System.Text.RegularExpressions;

namespace SharpLvm.Archive;

/// <summary>One archive file, <c>&lt;vg&gt;_&lt;NNNNN&gt;-&lt;random&gt;.vg</c> (LVM2's naming, archiver.c).</summary>
public sealed partial record ArchiveFile(string Path, string VgName, uint Index)
{
    /// <summary>Archive files of <paramref name="vgName"/> in <paramref name="dir"/>, oldest index first.</summary>
    public static List<ArchiveFile> List(string dir, string vgName)
    {
        var result = new List<ArchiveFile>();
        if (!Directory.Exists(dir))
        {
            return result;
        }
        foreach (string path in Directory.EnumerateFiles(dir, "*.vg"))
        {
            Match m = NamePattern().Match(System.IO.Path.GetFileName(path));
            if (m.Success && m.Groups["vg"].Value == vgName
                && uint.TryParse(m.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint index))
            {
                result.Add(new ArchiveFile(path, vgName, index));
            }
        }
        result.Sort((a, b) => a.Index.CompareTo(b.Index));
        return result;
    }

    /// <summary>The file name for an index and a random number.</summary>
    public static string FileName(string vgName, uint index, int random) =>
        string.Create(CultureInfo.InvariantCulture, $"{vgName}_{index:D5}-{random}.vg");

    [GeneratedRegex(@"^(?<vg>.+)_(?<index>[0-9]{5,})-[0-9]+\.vg$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
