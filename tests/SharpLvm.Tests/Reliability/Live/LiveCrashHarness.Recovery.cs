namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// A crash during the recovery itself: a first crash point is replayed, then the next command (<c>vgchange -ay
/// vg</c>) dies at one of its own steps (a metadata write stopped or torn, a dm operation), as a command crash (the
/// host keeps its tables) or a machine crash (a fresh host over the images as they were); then a second
/// <c>vgchange -ay vg</c> runs with nothing armed and every check of a first crash applies.
/// </summary>
internal sealed partial class LiveCrashHarness
{
    /// <summary>Which (first crash, second crash) pairs to try (see <see cref="RecoveryPoint"/>); none when null.</summary>
    public Func<RecoveryPoint, bool>? SecondPoints { get; init; }

    /// <summary>One report per (first crash kind, second crash kind) with a pair tried, filled by <see cref="Run"/>.</summary>
    public List<LiveRecoveryCrashReport> RecoveryReports { get; } = [];

    /// <summary>Counts for one second crash kind.</summary>
    private sealed class RecoveryTally(CrashKind kind)
    {
        public CrashKind Kind => kind;

        public int FirstPoints { get; set; }

        public Tally Pairs { get; } = new();

        public LiveRecoveryCrashReport Report(string command, CrashKind first) =>
            new(command, first, kind, FirstPoints, Pairs.Tried, Pairs.Old, Pairs.New, Pairs.Between, Pairs.Torn, Pairs.Clean, Pairs.Problems);
    }

    private void CrashRecovery(LiveCrashScenario scenario, CrashKind kind, Func<CrashSwitch> first, long k, string point,
        List<(string What, bool IsWrite)> recovery, Func<VgState, string?> classify, RecoveryTally[] tallies)
    {
        if (SecondPoints is null)
        {
            return;
        }
        foreach (RecoveryTally tally in tallies)
        {
            bool any = false;
            foreach (bool tear in new[] { false, true })
            {
                for (int j = tear ? 1 : 0; j < recovery.Count + (tear ? 1 : 0); j++)
                {
                    if ((tear && !recovery[j - 1].IsWrite) || !SecondPoints(new RecoveryPoint(k, j, j > 0 ? recovery[j - 1].What : null, tear, tally.Kind)))
                    {
                        continue;
                    }
                    any = true;
                    string pair = $"{point}, then the recovery {tally.Kind} {(tear ? "torn" : "stop")} after step {j}/{recovery.Count}"
                        + (j > 0 ? $" ({recovery[j - 1].What})" : string.Empty);
                    var second = new SecondCrash(tear ? CrashSwitch.TearAt(j) : CrashSwitch.DieAfter(j), tally.Kind);
                    tally.Pairs.Count(pair, () => RunOnce(scenario, first(), kind, null, classify, second), o => o.AtSecond, classify);
                }
            }
            tally.FirstPoints += any ? 1 : 0;
        }
    }

    /// <summary>The next command dies at <paramref name="Switch"/>'s step; <paramref name="Kind"/>: only it, or the machine.</summary>
    private sealed record SecondCrash(CrashSwitch Switch, CrashKind Kind);
}

/// <summary>
/// A second crash: after the first crash at step <paramref name="FirstK"/>, the recovery dies after its step
/// <paramref name="J"/> (0..steps-1, as the uncrashed recovery after that first crash took them; <paramref name="After"/>
/// names it) or has write J torn; <paramref name="Kind"/>: the command dies, or the machine.
/// </summary>
internal readonly record struct RecoveryPoint(long FirstK, long J, string? After, bool Torn, CrashKind Kind);
