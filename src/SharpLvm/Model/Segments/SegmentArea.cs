namespace SharpLvm.Model;

/// <summary>Where one stripe or mirror leg of a segment lives: on a PV or on another LV.</summary>
public abstract record SegmentArea(Extents StartExtent);

/// <summary>An area on a PV starting at physical extent <see cref="SegmentArea.StartExtent"/>.</summary>
public sealed record PvArea(PhysicalVolume Pv, Extents StartExtent) : SegmentArea(StartExtent);

/// <summary>An area on another LV starting at its logical extent <see cref="SegmentArea.StartExtent"/>.</summary>
public sealed record LvArea(LogicalVolume Lv, Extents StartExtent) : SegmentArea(StartExtent);
