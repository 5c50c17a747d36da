using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Text;

namespace SharpLvm.Model;

/// <summary>A volume group: the whole of one VG's text metadata as objects.</summary>
public sealed class VolumeGroup
{
    public VolumeGroup(VgName name, LvmUuid id)
    {
        Name = name;
        Id = id;
    }

    public VgName Name { get; set; }

    public LvmUuid Id { get; set; }

    public ulong Seqno { get; set; }

    /// <summary>The <c>format</c> key (informational); null = not written.</summary>
    public string? Format { get; set; } = "lvm2";

    public VgStatus Status { get; set; } = VgStatus.Resizeable | VgStatus.Read | VgStatus.Write;

    public VgCompatFlags Flags { get; set; }

    public List<string> Tags { get; } = [];

    public string? SystemId { get; set; }

    public string? LockType { get; set; }

    public string? LockArgs { get; set; }

    /// <summary>Extent size in sectors.</summary>
    public Sectors ExtentSize { get; set; }

    public uint MaxLv { get; set; }

    public uint MaxPv { get; set; }

    public AllocationPolicy AllocationPolicy { get; set; } = AllocationPolicy.Normal;

    public string? Profile { get; set; }

    public uint MetadataCopies { get; set; }

    /// <summary>PVs in metadata order (their keys are pv0, pv1, … in this order).</summary>
    public List<PhysicalVolume> PhysicalVolumes { get; } = [];

    /// <summary>LVs in metadata order (the writer puts visible ones first, keeping this order within each group).</summary>
    public List<LogicalVolume> LogicalVolumes { get; } = [];

    /// <summary>VG keys and sections this model does not know (e.g. historical_logical_volumes), kept and written back.</summary>
    public List<ConfigNode> UnknownNodes { get; } = [];

    public LogicalVolume? FindLv(string name) => LogicalVolumes.Find(lv => lv.Name.Value == name);

    public PhysicalVolume? FindPv(LvmUuid id) => PhysicalVolumes.Find(pv => pv.Id == id);

    /// <summary>True when every LV is understood (see <see cref="LogicalVolume.IsUnderstood"/>).</summary>
    public bool IsUnderstood => LogicalVolumes.TrueForAll(lv => lv.IsUnderstood);

    /// <summary>Recomputes the derived data: PV keys and every LV's <see cref="LogicalVolume.Role"/>.</summary>
    public void UpdateDerived()
    {
        for (int i = 0; i < PhysicalVolumes.Count; i++)
        {
            PhysicalVolumes[i].Key = "pv" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        LvRoles.Compute(this);
    }
}
