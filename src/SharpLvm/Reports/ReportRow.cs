using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Reports;

/// <summary>The objects one report row is about; fields read the ones they need.</summary>
/// <param name="Vg">The VG (null for an orphan PV).</param>
/// <param name="Pv">The PV in the VG metadata (pvs rows of a VG).</param>
/// <param name="Device">The scanned device (pvs rows).</param>
/// <param name="Lv">The LV (lvs rows).</param>
/// <param name="Seg">The segment (lvs rows when segment fields are asked for).</param>
public sealed record ReportRow(LoadedVg? Vg, PhysicalVolume? Pv, ScannedPv? Device, LogicalVolume? Lv, LvSegment? Seg)
{
    /// <summary>The device host's view of LVs (<see cref="ReportOptions.Live"/>); null when no host answers.</summary>
    public ILiveLvSource? Live { get; init; }
}

/// <summary>A field's text and its sort key (a number for numbers and sizes, else the text or a given key).</summary>
public readonly record struct FieldValue(string Text, ulong Number, string? SortText)
{
    public static FieldValue Str(string text) => new(text, 0, text);

    public static FieldValue Str(string text, string sortText) => new(text, 0, sortText);

    public static FieldValue Num(ulong value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), value, null);

    public static FieldValue Blank => new(string.Empty, 0, string.Empty);
}

/// <summary>How values are shown: units and suffix.</summary>
public sealed record ValueFormat(Units Units, bool Suffix)
{
    public FieldValue Size(ulong sectors) => new(SizeFormatter.Format(sectors, Units, Suffix), sectors, null);
}
