namespace SharpLvm.Reports;

/// <summary>The object a field describes; decides the rows a report has.</summary>
public enum ReportObject
{
    Pv,
    Vg,
    Lv,
    Seg,
}

/// <summary>How a field is aligned and sorted (LVM2: numbers and sizes right-aligned and sorted numerically).</summary>
public enum FieldKind
{
    String,
    Number,
    Size,
    Percent,
    StringList,
}

/// <summary>One report field: LVM2's id, heading, minimum width and how to compute it.</summary>
public sealed record ReportField(string Id, string Heading, ReportObject Object, FieldKind Kind, int Width,
    Func<ReportRow, ValueFormat, FieldValue> Get)
{
    /// <summary>Initial column width: the given width, or the heading's length (as LVM2's field table does).</summary>
    public int InitialWidth => Width != 0 ? Width : Heading.Length;

    public bool IsNumeric => Kind is FieldKind.Number or FieldKind.Size;

    /// <summary>The id without underscores, lower case: what LVM2 compares names by.</summary>
    public string CanonicalId { get; } = Canonical(Id);

    internal static string Canonical(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
