using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Format.Disk;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Disk;

/// <summary>The LVM2 2.03.16 fixture images, decompressed once per test run, and a tiny test-only summariser.</summary>
internal static partial class DiskFixtures
{
    public static readonly string[] Images =
        ["vgsample.pv0", "vgsample.pv1", "vgsample.pv2", "wrapped.pv0", "twomda.pv0", "twomda.pv1"];

    private static readonly ConcurrentDictionary<string, byte[]> Cache = new();

    public static TheoryData<string> AllImages() => [.. Images];

    public static byte[] Bytes(string image) => Cache.GetOrAdd(image, i => TestPaths.Unzstd(TestPaths.Lvm2Fixture(i + ".img.zst")));

    /// <summary>A fresh in-memory copy of an image, named like the fixture.</summary>
    public static MemoryBlockDevice Device(string image) => MemoryBlockDevice.FromBytes(Bytes(image), image);

    public static string? DumpPath(string image, string kind)
    {
        string path = TestPaths.Lvm2Fixture($"{image}.pvck-{kind}.txt");
        return File.Exists(path) ? path : null;
    }

    /// <summary>A dump file's lines without LVM2's own "Activation disabled" warning.</summary>
    public static List<string> DumpLines(string path) =>
        [.. File.ReadAllLines(path).Where(l => !l.Contains("WARNING: Activation disabled", StringComparison.Ordinal))];

    [GeneratedRegex("^([A-Za-z0-9._+-]+) \\{\\n(?:.*\\n)*?id = \"([^\"]+)\"\\n(?:.*\\n)*?seqno = ([0-9]+)\\n")]
    private static partial Regex Head();

    /// <summary>Test-only summariser: the VG name from the first line, then its id and seqno lines.</summary>
    public static VgTextSummary Summarize(ReadOnlyMemory<byte> text)
    {
        var m = Head().Match(Encoding.UTF8.GetString(text.Span));
        if (!m.Success)
        {
            throw new DeviceMapper.Errors.StorageException(DeviceMapper.Errors.ErrorCode.Corrupt, "test summariser: not VG text");
        }
        return new VgTextSummary(m.Groups[1].Value, m.Groups[2].Value, ulong.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Values of "key value" lines of a pvck dump, e.g. "pv_header.pv_uuid".</summary>
    public static Dictionary<string, string> DumpFields(string path)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in DumpLines(path))
        {
            string t = line.Trim();
            int space = t.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && !t.Contains(" at ", StringComparison.Ordinal))
            {
                fields[t[..space]] = t[(space + 1)..];
            }
        }
        return fields;
    }
}
