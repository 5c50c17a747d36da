namespace SharpLvm.Tests.Reliability.Live;

internal sealed partial class LiveCrashHarness
{
    /// <summary>
    /// Counts for a set of crash points (or pairs): how the metadata read right after the crash (old, new, a whole
    /// intermediate commit, torn) and how many the next command left clean, with every problem named by its point.
    /// </summary>
    private sealed class Tally
    {
        public int Tried { get; private set; }

        public int Old { get; private set; }

        public int New { get; private set; }

        public int Between { get; private set; }

        public int Torn { get; private set; }

        public int Clean { get; private set; }

        public List<string> Problems { get; } = [];

        /// <summary>Runs one crash and counts it; <paramref name="atCrash"/> picks the state right after the crash. Null when the run failed.</summary>
        public Outcome? Count(string point, Func<Outcome> run, Func<Outcome, VgState?> atCrash, Func<VgState, string?> classify)
        {
            Tried++;
            Trace(point);
            Outcome outcome;
            try
            {
                outcome = run();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Problems.Add($"{point}: {e.GetType().Name}: {e.Message}");
                return null;
            }
            if (atCrash(outcome) is not { } state)
            {
                Problems.Add($"{point}: the crash point was not reached this time");
                return null;
            }
            switch (classify(state))
            {
                case "old": Old++; break;
                case "new": New++; break;
                case "between": Between++; break;
                default:
                    Torn++;
                    Problems.Add($"{point}: torn metadata ({state.Error ?? "neither a version the command committed"})");
                    break;
            }
            if (outcome.Problems.Count == 0)
            {
                Clean++;
            }
            Problems.AddRange(outcome.Problems.Select(p => $"{point}: {p}"));
            return outcome;
        }
    }
}
