using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Allocation;

/// <summary>
/// LVM2's extent allocator over a <see cref="FreeSpaceMap"/>. Policies are tried in LVM2's order up to the
/// requested one: when extending, first <c>contiguous</c> (continue each area on its PV), then <c>cling</c> (the
/// same PV), then <c>normal</c> (parallel areas on distinct PVs not otherwise used by the LV's other areas), then
/// <c>anywhere</c>. Each round takes one free span per PV: the smallest that holds what is still needed, else the
/// largest; PVs are ranked by how much they can give (ties keep the candidates' order); the parallel areas take
/// the best ranked, the log takes the lowest ranked of the rest. Rounds repeat until the request is met.
/// </summary>
public static class Allocator
{
    private enum Pass
    {
        Contiguous,
        Cling,
        Normal,
        Anywhere,
        WholeArea,
    }

    public static AllocationResult Allocate(FreeSpaceMap map, AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(request);
        if (request.AreaCount < 0 || (request.AreaCount == 0 && request.LogCount == 0) || request.AreaLength == 0
            || request.Policy == AllocationPolicy.Inherit)
        {
            throw new ArgumentException("an allocation needs areas (or a log only), extents and an effective policy", nameof(request));
        }
        uint available = map.TotalFree(request.Candidates);
        if (available < request.TotalExtents)
        {
            throw new StorageException(ErrorCode.NoSpace,
                $"Insufficient free space: {request.TotalExtents} extents needed, but only {available} available");
        }
        var state = new State(map, request);
        foreach (Pass pass in Passes(request))
        {
            while (!state.Done && state.TryRound(pass))
            {
            }
            if (state.Done)
            {
                break;
            }
        }
        if (!state.Done)
        {
            string kind = request.Policy == AllocationPolicy.Contiguous ? "contiguous " : string.Empty;
            throw new StorageException(ErrorCode.NoSpace,
                $"Insufficient suitable {kind}allocatable extents for logical volume {request.LvName}: {state.StillNeeded} more required");
        }
        return new AllocationResult(state.Rounds, state.Log, request.LogLength);
    }

    private static List<Pass> Passes(AllocationRequest request)
    {
        bool extending = request.Previous is not null;
        return (request.Policy, extending) switch
        {
            (AllocationPolicy.Contiguous, true) => [Pass.Contiguous],
            (AllocationPolicy.Contiguous, false) => [Pass.WholeArea],
            (AllocationPolicy.Cling or AllocationPolicy.ClingByTags, true) => [Pass.Contiguous, Pass.Cling],
            // A new LV under cling: the first round is free to choose, later rounds cling to it.
            (AllocationPolicy.Cling or AllocationPolicy.ClingByTags, false) => [Pass.Cling],
            (AllocationPolicy.Normal, true) => [Pass.Contiguous, Pass.Cling, Pass.Normal],
            (AllocationPolicy.Normal, false) => [Pass.Normal],
            (AllocationPolicy.Anywhere, true) => [Pass.Contiguous, Pass.Cling, Pass.Normal, Pass.Anywhere],
            (AllocationPolicy.Anywhere, false) => [Pass.Normal, Pass.Anywhere],
            _ => throw new ArgumentException($"policy {request.Policy} cannot allocate", nameof(request)),
        };
    }

    /// <summary>The span of a PV LVM2 would use: the smallest that holds <paramref name="needed"/>, else the largest.</summary>
    internal static PeSpan? PickSpan(IEnumerable<PeSpan> spans, uint needed)
    {
        PeSpan? fit = null;
        PeSpan? largest = null;
        foreach (PeSpan s in spans)
        {
            if (s.Count >= needed && (fit is null || s.Count < fit.Value.Count))
            {
                fit = s;
            }
            if (largest is null || s.Count > largest.Value.Count)
            {
                largest = s;
            }
        }
        return fit ?? largest;
    }

    private sealed class State(FreeSpaceMap map, AllocationRequest request)
    {
        private PvPosition[]? _tails = request.Previous?.ToArray();
        // A log-only request (a disk log added to a mirror) has no data areas to place.
        private uint _remaining = request.AreaCount == 0 ? 0 : request.AreaLength;

        public List<AllocatedRound> Rounds { get; } = [];

        public PvPosition? Log { get; private set; }

        private bool LogDone => request.LogCount == 0 || Log is not null;

        public bool Done => _remaining == 0 && LogDone;

        public uint StillNeeded => (_remaining * (uint)request.AreaCount) + (LogDone ? 0 : request.LogLength);

        public bool TryRound(Pass pass)
        {
            if (_remaining == 0)
            {
                return TryLogOnly(pass);
            }
            List<(PhysicalVolume Pv, PeSpan Span)>? picks = pass switch
            {
                Pass.Contiguous => _tails is null ? null : PickContiguous(_tails),
                Pass.Cling => _tails is null ? PickDistinct(wholeOnly: false, out _) : PickOnTails(_tails),
                Pass.Normal => PickDistinct(wholeOnly: false, out _),
                Pass.WholeArea => PickDistinct(wholeOnly: true, out _),
                _ => PickAnywhere(),
            };
            if (picks is null)
            {
                return false;
            }
            uint length = Math.Min(_remaining, picks.Min(p => p.Span.Count));
            var areas = new PvPosition[picks.Count];
            for (int i = 0; i < picks.Count; i++)
            {
                areas[i] = new PvPosition(picks[i].Pv, picks[i].Span.Start);
                map.Take(picks[i].Pv, new PeSpan(picks[i].Span.Start, length));
            }
            Rounds.Add(new AllocatedRound(length, areas));
            _remaining -= length;
            _tails = [.. areas.Select(a => a with { Pe = a.Pe + length })];
            if (!LogDone && pass != Pass.Contiguous)
            {
                TryLogOnly(pass);
            }
            return true;
        }

        private bool TryLogOnly(Pass pass)
        {
            if (LogDone || pass is Pass.Contiguous)
            {
                return false;
            }
            var used = new HashSet<PhysicalVolume>(ReferenceEqualityComparer.Instance);
            if (pass != Pass.Anywhere)
            {
                foreach (AllocatedRound round in Rounds)
                {
                    foreach (PvPosition a in round.Areas)
                    {
                        used.Add(a.Pv);
                    }
                }
                foreach (PhysicalVolume pv in request.Avoid)
                {
                    used.Add(pv);
                }
            }
            // The lowest ranked PV that can hold the log (LVM2 keeps the bigger spans for the data areas).
            // Ranked as for the data areas, then the lowest that can hold the log.
            List<(PhysicalVolume Pv, PeSpan Span)> ranked = Ranked(request.AreaLength, used, wholeOnly: false)
                .Where(p => p.Span.Count >= request.LogLength).ToList();
            if (ranked.Count == 0)
            {
                return false;
            }
            (PhysicalVolume logPv, PeSpan span) = ranked[^1];
            map.Take(logPv, new PeSpan(span.Start, request.LogLength));
            Log = new PvPosition(logPv, span.Start);
            return true;
        }

        private List<(PhysicalVolume, PeSpan)>? PickContiguous(PvPosition[] tails)
        {
            var picks = new List<(PhysicalVolume, PeSpan)>();
            foreach (PvPosition tail in tails)
            {
                PeSpan? next = CandidateSpans(tail.Pv).Cast<PeSpan?>().FirstOrDefault(s => s!.Value.Start == tail.Pe);
                if (next is null)
                {
                    return null;
                }
                picks.Add((tail.Pv, next.Value));
            }
            return picks;
        }

        private List<(PhysicalVolume, PeSpan)>? PickOnTails(PvPosition[] tails)
        {
            var picks = new List<(PhysicalVolume, PeSpan)>();
            var taken = new HashSet<PeSpan>();
            foreach (PvPosition tail in tails)
            {
                PeSpan? span = PickSpan(CandidateSpans(tail.Pv).Where(s => !taken.Contains(s)), _remaining);
                if (span is null)
                {
                    return null;
                }
                taken.Add(span.Value);
                picks.Add((tail.Pv, span.Value));
            }
            return picks;
        }

        private List<(PhysicalVolume, PeSpan)>? PickDistinct(bool wholeOnly, out List<(PhysicalVolume Pv, PeSpan Span)> ranked)
        {
            var avoid = new HashSet<PhysicalVolume>(request.Avoid, ReferenceEqualityComparer.Instance);
            ranked = Ranked(_remaining, avoid, wholeOnly);
            return ranked.Count < request.AreaCount ? null : ranked.GetRange(0, request.AreaCount);
        }

        private List<(PhysicalVolume, PeSpan)>? PickAnywhere()
        {
            var all = new List<(PhysicalVolume Pv, PeSpan Span)>();
            foreach (PvCandidate c in request.Candidates)
            {
                foreach (PeSpan s in map.FreeOn(c))
                {
                    all.Add((c.Pv, s));
                }
            }
            List<(PhysicalVolume Pv, PeSpan Span)> ranked = [.. all.OrderByDescending(p => Math.Min(p.Span.Count, _remaining))];
            return ranked.Count < request.AreaCount ? null : ranked.GetRange(0, request.AreaCount);
        }

        /// <summary>One span per candidate PV not in <paramref name="exclude"/>, best first (stable for ties).</summary>
        private List<(PhysicalVolume Pv, PeSpan Span)> Ranked(uint needed, HashSet<PhysicalVolume> exclude, bool wholeOnly)
        {
            var list = new List<(PhysicalVolume Pv, PeSpan Span)>();
            var seen = new HashSet<PhysicalVolume>(ReferenceEqualityComparer.Instance);
            foreach (PvCandidate c in request.Candidates)
            {
                if (exclude.Contains(c.Pv) || !seen.Add(c.Pv))
                {
                    continue;
                }
                IEnumerable<PeSpan> spans = map.FreeOn(c);
                if (wholeOnly)
                {
                    spans = spans.Where(s => s.Count >= needed);
                }
                if (PickSpan(spans, needed) is { } span)
                {
                    list.Add((c.Pv, span));
                }
            }
            return [.. list.OrderByDescending(p => Math.Min(p.Span.Count, needed))];
        }

        private IEnumerable<PeSpan> CandidateSpans(PhysicalVolume pv) =>
            request.Candidates.Where(c => ReferenceEquals(c.Pv, pv)).SelectMany(map.FreeOn);
    }
}
