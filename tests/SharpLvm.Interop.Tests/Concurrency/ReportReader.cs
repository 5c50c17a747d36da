using System.Collections.Concurrent;
using System.Globalization;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>What one report showed of one VG: its seqno, its visible LVs (lvs) or LV count and tags (vgs).</summary>
internal sealed record VgSnapshot(string Source, string Vg, ulong Seqno, string[]? LvNames, int? LvCount, string[]? Tags);

/// <summary>
/// A reader running lvs, vgs, pvs, dmsetup table and dmsetup status in a loop while the workers change things.
/// Every report must exit 0 and parse; a VG's rows in one lvs report must agree on its seqno (else the report
/// is torn). The snapshots are compared at the end with the metadata archived at that seqno.
/// </summary>
internal sealed class ReportReader(int id, CliCommandLog log, IReadOnlyList<string> vgs, IReadOnlyList<string> orphanPvs)
{
    private readonly List<string> _problems = [];

    public ConcurrentBag<VgSnapshot> Snapshots { get; } = [];

    public IReadOnlyList<string> Problems => _problems;

    public void Run(CancellationToken stop)
    {
        var random = new Random(500 + id);
        while (!stop.IsCancellationRequested)
        {
            switch (random.Next(5))
            {
                case 0:
                    Lvs(random.Next(2) == 0 ? [] : [vgs[random.Next(vgs.Count)]]);
                    break;
                case 1:
                    Vgs();
                    break;
                case 2:
                    Pvs();
                    break;
                default:
                    Dmsetup(random.Next(2) == 0 ? "table" : "status");
                    break;
            }
        }
    }

    private string[]? Lines(CliRun run)
    {
        if (!run.Ok)
        {
            _problems.Add(run.ToString());
            return null;
        }
        return [.. run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())];
    }

    private void Lvs(string[] names)
    {
        if (Lines(log.Run("lvs", "", ["lvs", "--noheadings", "--separator", "|", "-o", "vg_name,vg_seqno,lv_name", .. names])) is not { } lines)
        {
            return;
        }
        foreach (var group in lines.Select(l => l.Split('|')).GroupBy(f => f[0]))
        {
            var seqnos = group.Select(f => f[1]).Distinct().ToList();
            if (seqnos.Count != 1)
            {
                _problems.Add($"torn lvs report: VG {group.Key} rows show seqnos {string.Join(", ", seqnos)}");
                continue;
            }
            Snapshots.Add(new VgSnapshot("lvs", group.Key, ulong.Parse(seqnos[0], CultureInfo.InvariantCulture),
                [.. group.Select(f => f[2]).Order(StringComparer.Ordinal)], null, null));
        }
    }

    private void Vgs()
    {
        if (Lines(log.Run("vgs", "", "vgs", "--noheadings", "--separator", "|", "-o", "vg_name,vg_seqno,lv_count,vg_tags")) is not { } lines)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string[] f in lines.Select(l => l.Split('|')))
        {
            seen.Add(f[0]);
            Snapshots.Add(new VgSnapshot("vgs", f[0], ulong.Parse(f[1], CultureInfo.InvariantCulture), null,
                int.Parse(f[2], CultureInfo.InvariantCulture), [.. f[3].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)]));
        }
        if (!seen.SetEquals(vgs))
        {
            _problems.Add($"vgs showed {string.Join(",", seen)}");
        }
    }

    private void Pvs()
    {
        if (Lines(log.Run("pvs", "", "pvs", "--noheadings", "--separator", "|", "-o", "pv_name,vg_name")) is not { } lines)
        {
            return;
        }
        var byVg = lines.Select(l => l.Split('|')).GroupBy(f => f[1]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (string vg in vgs)
        {
            if (byVg.GetValueOrDefault(vg) != ConcurrencyLayout.PvsPerVg)
            {
                _problems.Add($"pvs showed {byVg.GetValueOrDefault(vg)} PVs in {vg}");
            }
        }
        if (byVg.GetValueOrDefault("") != orphanPvs.Count)
        {
            _problems.Add($"pvs showed {byVg.GetValueOrDefault("")} orphan PVs, expected {orphanPvs.Count}");
        }
    }

    private void Dmsetup(string what)
    {
        if (Lines(log.Run("dmsetup " + what, "", "dmsetup", what)) is not { } lines)
        {
            return;
        }
        foreach (string line in lines)
        {
            // "<name>: <start> <length> <target> ...", or "<name>:" alone for a device created but not loaded yet.
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f is [var name] && name.EndsWith(':'))
            {
                continue;
            }
            if (f.Length < 4 || !f[0].EndsWith(':') || !ulong.TryParse(f[1], CultureInfo.InvariantCulture, out _)
                || !ulong.TryParse(f[2], CultureInfo.InvariantCulture, out _))
            {
                _problems.Add($"dmsetup {what} line does not parse: {line}");
            }
        }
    }
}
