using System.Globalization;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>How the command died: only the command (the daemon keeps its devices) or the whole machine (devices are re-activated on a fresh host).</summary>
internal enum CrashKind
{
    Command,
    Machine,
}

/// <summary>
/// What crashing one live command at its steps gave, for one crash kind: the steps of the uncrashed run
/// (metadata writes, device-mapper operations), the crash points tried, how the metadata read right after the
/// crash (old, new, a whole intermediate commit, or torn), and how many points the next command left clean.
/// </summary>
internal sealed record LiveCrashReport(string Command, CrashKind Kind, int Writes, int DmOps, int Tried, int Old, int New, int Intermediate,
    int Torn, int Clean, IReadOnlyList<string> Problems)
{
    /// <summary>The summary line the README's table comes from.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"livecrash {Command.Replace(' ', '_'),-28} {Kind.ToString().ToLowerInvariant(),-7} writes {Writes,3}  dmops {DmOps,3}  points {Tried,3}  old {Old,3}  new {New,3}  between {Intermediate,3}  torn {Torn}  clean {Clean,3}");
}

/// <summary>
/// What crashing the recovery gave, for one (first, second) pair of crash kinds: the first crash points whose
/// recovery was crashed, the (first, second) pairs tried, how the metadata read right after the recovery died,
/// and how many pairs the recovery after it left clean.
/// </summary>
internal sealed record LiveRecoveryCrashReport(string Command, CrashKind First, CrashKind Second, int FirstPoints, int Tried, int Old, int New,
    int Intermediate, int Torn, int Clean, IReadOnlyList<string> Problems)
{
    /// <summary>The summary line the README's figures come from.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"liverecovery {Command.Replace(' ', '_'),-28} {First.ToString().ToLowerInvariant(),-7} {Second.ToString().ToLowerInvariant(),-7} firsts {FirstPoints,3}  pairs {Tried,4}  old {Old,4}  new {New,4}  between {Intermediate,4}  torn {Torn}  clean {Clean,4}");
}
