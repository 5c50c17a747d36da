using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>What the concurrency test's workers expect of the VGs at the end, from the commands that succeeded.</summary>
internal sealed class SharedExpectations
{
    /// <summary>LVs a worker created (and owns alone): "vg/name" → size in 4 MiB extents and whether active.</summary>
    public ConcurrentDictionary<string, (int Extents, bool Active)> OwnLvs { get; } = new(StringComparer.Ordinal);

    /// <summary>Tags added per VG.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Net mirror legs added to each VG's "mir" by successful lvconvert -m+1/-m-1.</summary>
    public ConcurrentDictionary<string, int> LegDelta { get; } = new(StringComparer.Ordinal);

    /// <summary>Extents added to each VG's "lin" (under I/O) by successful lvextend.</summary>
    public ConcurrentDictionary<string, int> LinExtents { get; } = new(StringComparer.Ordinal);

    /// <summary>Commits per VG the successful commands report.</summary>
    public ConcurrentDictionary<string, int> Commits { get; } = new(StringComparer.Ordinal);

    /// <summary>Seqnos the live commands said they committed ("Committed VG vg metadata seqno N", with -v).</summary>
    public ConcurrentBag<(string Vg, ulong Seqno)> CommittedSeqnos { get; } = [];

    public void Committed(string vg, int n) => Commits.AddOrUpdate(vg, n, (_, c) => c + n);
}

/// <summary>
/// One of the test's CLI workers: a random mix of changes on its own LVs (create, extend, reduce, remove,
/// deactivate/activate, rename), on the VG (a tag) and on the shared LVs under I/O (lvconvert -m+1/-m-1 of the
/// mirror, lvextend of the linear LV). Each command is its own process. Successful commands update
/// <see cref="SharedExpectations"/>; a refused one must be a refusal the test expects.
/// </summary>
internal sealed partial class CliWorker(int id, CliCommandLog log, IReadOnlyList<string> vgs, SharedExpectations expect, int commands)
{
    private const int MaxOwnLvs = 4;
    private const int MaxExtents = 4;
    private const int MaxLinExtents = 6;

    private readonly Dictionary<string, (string Vg, int Extents, bool Active)> _own = new(StringComparer.Ordinal);
    private readonly List<CliRun> _unexpected = [];
    private int _serial;

    public IReadOnlyList<CliRun> Unexpected => _unexpected;

    [GeneratedRegex(@"Committed VG (\S+) metadata seqno (\d+)\.")]
    private static partial Regex CommittedLine();

    public void Run()
    {
        var random = new Random(1000 + id);
        for (int i = 0; i < commands; i++)
        {
            string vg = vgs[random.Next(vgs.Count)];
            int roll = random.Next(100);
            var mine = _own.Where(o => o.Value.Vg == vg).Select(o => o.Key).ToList();
            string? lv = mine.Count > 0 ? mine[random.Next(mine.Count)] : null;
            if (lv is null || (roll < 20 && _own.Count < MaxOwnLvs))
            {
                Create(vg);
            }
            else if (roll < 32)
            {
                Resize(lv, +1);
            }
            else if (roll < 40)
            {
                Resize(lv, -1);
            }
            else if (roll < 48)
            {
                Own(lv, "lvremove", "-f", $"{vg}/{lv}");
            }
            else if (roll < 58)
            {
                Own(lv, "lvchange", _own[lv].Active ? "-an" : "-ay", $"{vg}/{lv}");
            }
            else if (roll < 66)
            {
                Own(lv, "lvrename", vg, lv, $"w{id}r{_serial++}");
            }
            else if (roll < 74)
            {
                string tag = $"t{id}_{_serial++}";
                if (Expect(log.Run("addtag", vg, "vgchange", "--addtag", tag, vg)))
                {
                    expect.Tags.GetOrAdd(vg, _ => []).Add(tag);
                    expect.Committed(vg, 1);
                }
            }
            else if (roll < 92)
            {
                Convert(vg, random.Next(2) == 0 ? "+1" : "-1");
            }
            else
            {
                var run = log.Run("lvextend-io", vg, "lvextend", "-v", "-L+4M", $"{vg}/lin");
                if (run.Ok)
                {
                    expect.LinExtents.AddOrUpdate(vg, 1, (_, n) => n + 1);
                    Count(run);
                }
                else if (!Refused(run))
                {
                    _unexpected.Add(run);
                }
            }
        }
        foreach (var (name, (vg, extents, active)) in _own)
        {
            expect.OwnLvs[$"{vg}/{name}"] = (extents, active);
        }
    }

    private void Create(string vg)
    {
        string name = $"w{id}n{_serial++}";
        var run = log.Run("lvcreate", vg, "lvcreate", "-L", "4M", "-n", name, vg);
        if (Expect(run))
        {
            _own[name] = (vg, 1, true);
            expect.Committed(vg, 1);
        }
    }

    private void Resize(string lv, int delta)
    {
        var (vg, extents, active) = _own[lv];
        if (extents + delta < 1 || extents + delta > MaxExtents)
        {
            return;
        }
        var run = delta > 0
            ? log.Run("lvextend", vg, "lvextend", "-v", "-L+4M", $"{vg}/{lv}")
            : log.Run("lvreduce", vg, "lvreduce", "-v", "-f", "-L-4M", $"{vg}/{lv}");
        if (Expect(run))
        {
            _own[lv] = (vg, extents + delta, active);
            Count(run);
        }
    }

    /// <summary>A change of one of this worker's LVs: it must succeed; the model follows.</summary>
    private void Own(string lv, string command, params string[] args)
    {
        var (vg, extents, active) = _own[lv];
        string[] argv = [command, "-v", .. args];
        var run = log.Run(command, vg, argv);
        if (!Expect(run))
        {
            return;
        }
        Count(run);
        switch (command)
        {
            case "lvremove":
                _own.Remove(lv);
                break;
            case "lvchange":
                _own[lv] = (vg, extents, !active);
                break;
            case "lvrename":
                _own.Remove(lv);
                _own[args[2]] = (vg, extents, active);
                break;
        }
    }

    private void Convert(string vg, string change)
    {
        // --type mirror: a linear LV (after -m-1 took it down to one leg) would otherwise become raid1, as in LVM2.
        var run = log.Run("lvconvert" + change, vg, "lvconvert", "-v", "-y", "--type", "mirror", "-m" + change, $"{vg}/mir");
        if (run.Ok)
        {
            expect.LegDelta.AddOrUpdate(vg, change == "+1" ? 1 : -1, (_, n) => n + (change == "+1" ? 1 : -1));
            Count(run);
        }
        else if (!Refused(run))
        {
            _unexpected.Add(run);
        }
    }

    /// <summary>Adds the commits a -v run printed (a live change may commit more than once, e.g. lvconvert's collapse).</summary>
    private void Count(CliRun run)
    {
        foreach (Match m in CommittedLine().Matches(run.Stderr))
        {
            string vg = m.Groups[1].Value;
            expect.Committed(vg, 1);
            expect.CommittedSeqnos.Add((vg, ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        }
    }

    private bool Expect(CliRun run)
    {
        if (!run.Ok)
        {
            _unexpected.Add(run);
        }
        return run.Ok;
    }

    /// <summary>A refusal the test expects: no room for another leg, fewer legs than asked to remove, or another conversion of the mirror still waiting for its resync (as LVM2 refuses).</summary>
    public static bool Refused(CliRun run) => run.ExitCode is 3 or 5 && RefusalText().IsMatch(run.Stderr);

    [GeneratedRegex(@"Insufficient (free space|suitable .*allocatable extents)|has only \d+ images: cannot remove|is already being converted")]
    private static partial Regex RefusalText();
}
