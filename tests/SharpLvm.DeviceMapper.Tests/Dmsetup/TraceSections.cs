using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Dmsetup;

/// <summary>
/// Reads the real <c>dmsetup</c> output kept in the traces' stages files and the kernel-6.1 manifest:
/// each "--- &lt;command&gt;" section's lines, in file order.
/// </summary>
internal static class TraceSections
{
    public static IEnumerable<string> Files()
    {
        string traces = TestPaths.SharedFile("traces");
        foreach (string file in Directory.GetFiles(traces, "*.stages.txt").Order(StringComparer.Ordinal))
        {
            yield return file;
        }
        yield return TestPaths.SharedFile(Path.Combine("fixtures", "kernel-6.1", "manifest.txt"));
    }

    /// <summary>Every section headed "--- <paramref name="command"/>" of every file, as line lists.</summary>
    public static IEnumerable<IReadOnlyList<string>> Sections(string command)
    {
        foreach (string file in Files())
        {
            List<string>? current = null;
            foreach (string line in File.ReadLines(file))
            {
                if (line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("=====", StringComparison.Ordinal))
                {
                    if (current is { Count: > 0 })
                    {
                        yield return current;
                    }
                    current = line == "--- " + command ? [] : null;
                    continue;
                }
                current?.Add(line);
            }
            if (current is { Count: > 0 })
            {
                yield return current;
            }
        }
    }

    /// <summary>"name: start len type params" lines of every "dmsetup table" section, split at the first ": ".</summary>
    public static IEnumerable<(string Name, string Line)> TableLines() =>
        Sections("dmsetup table").SelectMany(s => s).Where(l => l.Contains(": ", StringComparison.Ordinal))
            .Select(l => (l[..l.IndexOf(": ", StringComparison.Ordinal)], l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .Distinct();
}
