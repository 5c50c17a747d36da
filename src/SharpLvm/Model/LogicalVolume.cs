using SharpLvm.Format.Text;

namespace SharpLvm.Model;

/// <summary>An LV as the VG metadata describes it.</summary>
public sealed class LogicalVolume
{
    /// <summary>The value of <see cref="ReadAhead"/> meaning "none" (written as -1).</summary>
    public const int ReadAheadNone = -1;

    public LogicalVolume(LvName name, LvmUuid id)
    {
        Name = name;
        Id = id;
    }

    public LvName Name { get; set; }

    /// <summary>The LV half of the lvid (the text <c>id</c>).</summary>
    public LvmUuid Id { get; set; }

    public LvStatus Status { get; set; } = LvStatus.Read | LvStatus.Write | LvStatus.Visible;

    public LvCompatFlags Flags { get; set; }

    public List<string> Tags { get; } = [];

    /// <summary>Unix seconds; written with <see cref="CreationHost"/> only when non-zero.</summary>
    public long CreationTime { get; set; }

    public string? CreationHost { get; set; }

    public string? LockArgs { get; set; }

    public AllocationPolicy AllocationPolicy { get; set; } = AllocationPolicy.Inherit;

    public string? Profile { get; set; }

    /// <summary>null = auto (not written), <see cref="ReadAheadNone"/> = none, else sectors.</summary>
    public int? ReadAhead { get; set; }

    /// <summary>Persistent major number, null when not set.</summary>
    public int? Major { get; set; }

    /// <summary>Persistent minor number, null when not set.</summary>
    public int? Minor { get; set; }

    /// <summary>Segments in logical-extent order, covering the LV without gaps.</summary>
    public List<LvSegment> Segments { get; } = [];

    /// <summary>Keys this model does not know, kept and written back.</summary>
    public List<ConfigNode> UnknownNodes { get; } = [];

    /// <summary>Computed role (see <see cref="LvRole"/>); refreshed by <see cref="VolumeGroup.UpdateDerived"/>.</summary>
    public LvRole Role { get; internal set; }

    /// <summary>LVM2's lv_is_visible, as last computed.</summary>
    public bool IsVisible => (Role & LvRole.Visible) != 0;

    /// <summary>True when every segment is of a type SharpLvm can change.</summary>
    public bool IsUnderstood => Segments.TrueForAll(s => s.IsUnderstood);

    /// <summary>The LV's size in extents (end of the last segment).</summary>
    public Extents ExtentCount => Segments.Count == 0 ? Extents.Zero : Segments[^1].EndExtent;

    public override string ToString() => Name.Value;
}
