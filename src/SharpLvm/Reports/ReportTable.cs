namespace SharpLvm.Reports;

/// <summary>A report ready to print: its fields and, per row, one value per field (rows sorted).</summary>
public sealed record ReportTable(ReportKind Kind, IReadOnlyList<ReportField> Fields, IReadOnlyList<FieldValue[]> Rows);
