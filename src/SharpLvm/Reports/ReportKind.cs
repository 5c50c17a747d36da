namespace SharpLvm.Reports;

/// <summary>The three report commands: their JSON name, field prefix, default columns and sort keys (LVM2's defaults).</summary>
public sealed record ReportKind(string Command, string JsonName, string Prefix, string DefaultColumns, string DefaultSort,
    IReadOnlyList<ReportObject> Objects)
{
    public static ReportKind Pvs { get; } = new("pvs", "pv", "pv_", "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free", "pv_name",
        [ReportObject.Pv, ReportObject.Vg]);

    public static ReportKind Vgs { get; } = new("vgs", "vg", "vg_", "vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free", "vg_name",
        [ReportObject.Vg]);

    public static ReportKind Lvs { get; } = new("lvs", "lv", "lv_",
        "lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,mirror_log,copy_percent,convert_lv",
        "vg_name,lv_name", [ReportObject.Lv, ReportObject.Vg, ReportObject.Seg]);
}
