using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>What the user asked of a report (pvs/vgs/lvs options).</summary>
public sealed record ReportOptions
{
    /// <summary>Each <c>-o</c> value in order: a list replaces the columns, a list starting with '+' appends to them.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Each <c>-O</c> value: sort keys, '-' in front for descending.</summary>
    public IReadOnlyList<string> Sort { get; init; } = [];

    public Units Units { get; init; } = Units.Default;

    public bool Suffix { get; init; } = true;

    public bool Headings { get; init; } = true;

    /// <summary>The separator; null for LVM2's aligned default (one space).</summary>
    public string? Separator { get; init; }

    /// <summary><c>--aligned</c>: pad columns even with a separator.</summary>
    public bool Aligned { get; init; }

    public bool Json { get; init; }

    /// <summary><c>-a</c>: include hidden LVs.</summary>
    public bool All { get; init; }

    /// <summary>lvs only: "VG/LV" names to show (empty = all LVs of the chosen VGs).</summary>
    public IReadOnlyList<string> LvNames { get; init; } = [];

    /// <summary>pvs only: the device paths to show (empty = every PV).</summary>
    public IReadOnlyList<string> PvNames { get; init; } = [];

    /// <summary>The device host's view of LVs (state letters, lv_active, copy_percent); null = none answers (state 'X', copy_percent blank).</summary>
    public ILiveLvSource? Live { get; init; }
}
