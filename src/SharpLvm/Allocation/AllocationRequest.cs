using SharpLvm.Model;

namespace SharpLvm.Allocation;

/// <summary>A physical extent on a PV: where an allocated area starts, or where an area being extended ends (one past its last PE).</summary>
public readonly record struct PvPosition(PhysicalVolume Pv, uint Pe);

/// <summary>
/// What to allocate: <see cref="AreaCount"/> parallel areas (stripes or mirror legs) of <see cref="AreaLength"/>
/// extents each, plus an optional log area, from <see cref="Candidates"/> under <see cref="Policy"/>.
/// </summary>
public sealed record AllocationRequest
{
    /// <summary>The LV the extents are for (named in error messages).</summary>
    public required string LvName { get; init; }

    public required int AreaCount { get; init; }

    /// <summary>Extents each parallel area needs.</summary>
    public required uint AreaLength { get; init; }

    /// <summary>Number of log areas (0 or 1) of <see cref="LogLength"/> extents, placed on a further PV.</summary>
    public int LogCount { get; init; }

    public uint LogLength { get; init; } = 1;

    /// <summary>The effective policy (not <see cref="AllocationPolicy.Inherit"/>).</summary>
    public AllocationPolicy Policy { get; init; } = AllocationPolicy.Normal;

    public required IReadOnlyList<PvCandidate> Candidates { get; init; }

    /// <summary>For an extension: where each parallel area currently ends (same count as <see cref="AreaCount"/>).</summary>
    public IReadOnlyList<PvPosition>? Previous { get; init; }

    /// <summary>PVs parallel areas must not use except under <c>anywhere</c> (e.g. the PVs of the existing mirror legs).</summary>
    public IReadOnlyCollection<PhysicalVolume> Avoid { get; init; } = [];

    /// <summary>Extents needed in all.</summary>
    public uint TotalExtents => checked(((uint)AreaCount * AreaLength) + ((uint)LogCount * LogLength));
}

/// <summary>One round of an allocation: <see cref="Length"/> extents for each parallel area, at these PV positions.</summary>
public sealed record AllocatedRound(uint Length, IReadOnlyList<PvPosition> Areas);

/// <summary>
/// The allocator's answer: rounds in logical order (each becomes a segment, or a segment per leg), and the
/// log area if one was requested.
/// </summary>
public sealed record AllocationResult(IReadOnlyList<AllocatedRound> Rounds, PvPosition? Log, uint LogLength)
{
    /// <summary>The PE runs of parallel area <paramref name="index"/>, in logical order, adjacent runs joined.</summary>
    public IReadOnlyList<(PhysicalVolume Pv, PeSpan Span)> AreaRuns(int index)
    {
        var runs = new List<(PhysicalVolume Pv, PeSpan Span)>();
        foreach (AllocatedRound round in Rounds)
        {
            PvPosition at = round.Areas[index];
            if (runs.Count > 0 && ReferenceEquals(runs[^1].Pv, at.Pv) && runs[^1].Span.End == at.Pe)
            {
                runs[^1] = (at.Pv, new PeSpan(runs[^1].Span.Start, runs[^1].Span.Count + round.Length));
            }
            else
            {
                runs.Add((at.Pv, new PeSpan(at.Pe, round.Length)));
            }
        }
        return runs;
    }
}
