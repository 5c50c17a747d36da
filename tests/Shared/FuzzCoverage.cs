using System.Diagnostics;
using System.Globalization;

namespace SharpLvm.TestSupport;

/// <summary>
/// A cheap depth measure of one fuzz run: how many inputs the target accepted (returned normally) and how many
/// distinct places threw (method and IL offset of the throw). Random bytes that every check rejects at the
/// first test reach one place; inputs that pass checksums and magic reach many.
/// </summary>
internal sealed class FuzzCoverage
{
    private readonly Dictionary<string, long> _sites = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    public int Sites
    {
        get
        {
            lock (_lock)
            {
                return _sites.Count;
            }
        }
    }

    public void Returned() => Accepted++;

    public void Threw(Exception e)
    {
        Rejected++;
        Count(Site(e));
    }

    /// <summary>
    /// Counts a place a target reports itself (for one that handles its errors inside, such as a server's log
    /// lines), by the message's shape.
    /// </summary>
    public void Note(string what) => Count(Shape(what));

    private void Count(string site)
    {
        lock (_lock)
        {
            _sites[site] = _sites.GetValueOrDefault(site) + 1;
        }
    }

    /// <summary>The throw sites, most hit first: "count method+offset".</summary>
    public IReadOnlyList<string> Describe()
    {
        lock (_lock)
        {
            return [.. _sites.OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Key}"))];
        }
    }

    /// <summary>
    /// The method and IL offset that threw; when the JIT inlined the throwing code into the harness or the test
    /// (tiered PGO inlines a hot delegate's target), the frame says nothing, and the message's shape is used instead.
    /// </summary>
    private static string Site(Exception e)
    {
        StackFrame? frame = new StackTrace(e, false).GetFrame(0);
        if (frame?.GetMethod() is { DeclaringType: { } type } method && type.Namespace is { } space
            && space.StartsWith("SharpLvm.", StringComparison.Ordinal) && !space.StartsWith("SharpLvm.TestSupport", StringComparison.Ordinal)
            && !space.Contains(".Tests", StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{type.Name}.{method.Name}+{frame.GetILOffset()}");
        }
        return $"{e.GetType().Name}: {Shape(e.Message)}";
    }

    /// <summary>Quoted text dropped and a word with a digit made '#', so that the place, not the input, counts.</summary>
    private static string Shape(string what)
    {
        var words = new List<string>();
        bool quoted = false;
        foreach (string word in what.Split(' '))
        {
            bool wasQuoted = quoted;
            quoted ^= word.Count(c => c == '"') % 2 == 1;
            if (wasQuoted || word.Contains('"', StringComparison.Ordinal))
            {
                if (!wasQuoted)
                {
                    words.Add("\"…\"");
                }
                continue;
            }
            words.Add(word.Any(char.IsAsciiDigit) ? "#" : word);
        }
        return string.Join(' ', words);
    }
}
