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

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    public int Sites => _sites.Count;

    public void Returned() => Accepted++;

    public void Threw(Exception e)
    {
        Rejected++;
        string site = Site(e);
        _sites[site] = _sites.GetValueOrDefault(site) + 1;
    }

    /// <summary>The throw sites, most hit first: "count method+offset".</summary>
    public IEnumerable<string> Describe() =>
        _sites.OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Key}"));

    private static string Site(Exception e)
    {
        StackFrame? frame = new StackTrace(e, false).GetFrame(0);
        if (frame?.GetMethod() is not { } method)
        {
            return e.GetType().Name;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{method.DeclaringType?.Name}.{method.Name}+{frame.GetILOffset()}");
    }
}
