using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;

namespace SharpLvm.TestSupport;

/// <summary>
/// Issue 7's fuzzing with CsCheck: a target takes one generated input; it may return or throw
/// <see cref="StorageException"/> (a documented "not this structure" is the target returning normally). Any other
/// exception, a case running longer than <see cref="CaseTimeout"/> or allocating more than <see cref="MaxBytes"/>
/// is a failure; an exception or an allocation over the bound is shrunk by CsCheck and reported with its seed, a hang
/// with its input (see <see cref="FuzzRun{T}"/>: one worker thread and one watchdog per run). The number of inputs per target is
/// <c>$SHARPLVM_FUZZ_ITER</c> (default 2,000).
/// </summary>
internal static class Fuzz
{
    public const string IterationsVariable = "SHARPLVM_FUZZ_ITER";

    public static TimeSpan CaseTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes one case may allocate (a parser must not trust a length it read).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 ? n : 2000;

    /// <summary>
    /// Runs <paramref name="target"/> on <paramref name="iterations"/> inputs (default <see cref="Iterations"/>); returns
    /// how many ran. <paramref name="coverage"/>: the caller's, when the target notes places itself.
    /// </summary>
    public static long Run<T>(string name, Gen<T> gen, Action<T> target, Func<T, string> print, long? iterations = null,
        Func<Exception, bool>? alsoAllowed = null, FuzzCoverage? coverage = null)
    {
        var run = new FuzzRun<T>(name, target, print, alsoAllowed, coverage);
        long started = Stopwatch.GetTimestamp();
        run.Execute(gen, iterations ?? Iterations);
        Report(name, run.Count, Stopwatch.GetElapsedTime(started), run.Coverage);
        return run.Count;
    }

    /// <summary>
    /// Appends "fuzz TARGET inputs N seconds S accepted A sites K" (and one "site TARGET COUNT WHERE" line per throw
    /// site) to <c>$SHARPLVM_RELIABILITY_REPORT</c> when set (bench/reliability.sh).
    /// </summary>
    private static void Report(string name, long count, TimeSpan elapsed, FuzzCoverage coverage)
    {
        if (Environment.GetEnvironmentVariable("SHARPLVM_RELIABILITY_REPORT") is { Length: > 0 } file)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"fuzz {name} inputs {count} seconds {elapsed.TotalSeconds:0.0} accepted {coverage.Accepted} sites {coverage.Sites}\n");
            foreach (string site in coverage.Describe())
            {
                text.Append(CultureInfo.InvariantCulture, $"site {name} {site}\n");
            }
            lock (ReportLock)
            {
                File.AppendAllText(file, text.ToString());
            }
        }
    }

    private static readonly Lock ReportLock = new();

    /// <summary>Values that break length and offset arithmetic.</summary>
    private static readonly ulong[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, 0x1FF, 0x200, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, long.MaxValue, 0x8000_0000_0000_0000, ulong.MaxValue, ulong.MaxValue - 511];

    /// <summary>1–8 mutations of one of <paramref name="seeds"/>: bit flips, bytes, interesting integers, cuts, inserts, deletes, copies.</summary>
    public static Gen<byte[]> Mutations(IReadOnlyList<byte[]> seeds, int window = int.MaxValue) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Mutation.Array[1, 8]).Select(t => Apply(seeds[t.Item1], t.Item2, window));

    /// <summary>Random bytes of up to <paramref name="maxLength"/>.</summary>
    public static Gen<byte[]> RandomBytes(int maxLength) => Gen.Byte.Array[0, maxLength];

    /// <summary>
    /// Mutations of text seeds: as bytes, with a token of <paramref name="tokens"/> spliced in, structure-aware
    /// (<see cref="FuzzText"/>: lines and words), and random text.
    /// </summary>
    public static Gen<string> TextMutations(IReadOnlyList<string> seeds, IReadOnlyList<string> tokens) =>
        Gen.Frequency(
            (4, FuzzText.Mutations(seeds)),
            (3, Mutations([.. seeds.Select(s => Encoding.UTF8.GetBytes(s))]).Select(b => Encoding.UTF8.GetString(b))),
            (3, Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 1 << 20], Gen.Int[0, tokens.Count - 1], Gen.Int[0, 64])
                .Select(t =>
                {
                    string s = seeds[t.Item1];
                    int at = t.Item2 % (s.Length + 1);
                    return s[..at] + tokens[t.Item3] + s[Math.Min(s.Length, at + t.Item4 % 8)..];
                })),
            (1, Gen.String[Gen.Char[" \n\t{}[]=\",#-0123456789abcdefxyz:/_.'\\"], 0, 400]));

    private static readonly Gen<(int Kind, int Position, int Value, int Length)> Mutation =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Int[0, 255], Gen.Int[1, 64]);

    private static byte[] Apply(byte[] seed, (int Kind, int Position, int Value, int Length)[] mutations, int window)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, value, length) in mutations)
        {
            int span = Math.Min(bytes.Count, window);
            if (span == 0)
            {
                bytes.Add((byte)value);
                continue;
            }
            int at = position % span;
            switch (kind)
            {
                case 0:
                    bytes[at] ^= (byte)(1 << (value & 7));
                    break;
                case 1:
                    bytes[at] = (byte)value;
                    break;
                case 2 or 3:
                    ulong v = Interesting[value % Interesting.Length];
                    int width = kind == 2 ? 4 : 8;
                    for (int i = 0; i < width && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = (byte)(v >> (8 * ((value & 0x80) != 0 ? width - 1 - i : i)));
                    }
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.InsertRange(at, Enumerable.Range(0, length).Select(i => (byte)(value + (i * 31))));
                    break;
                case 6:
                    bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                    break;
                default:
                    int from = (position / 7) % span;
                    bytes.InsertRange(at, bytes.GetRange(from, Math.Min(length, bytes.Count - from)));
                    break;
            }
        }
        return [.. bytes];
    }
}

/// <summary>A fuzz case that broke a rule (an exception other than StorageException, a hang, unbounded memory).</summary>
internal sealed class FuzzFailure(string message) : Exception(message);
