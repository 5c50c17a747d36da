using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Text;

namespace SharpLvm.Model;

/// <summary>A PV as the VG metadata describes it.</summary>
public sealed class PhysicalVolume
{
    public PhysicalVolume(LvmUuid id) => Id = id;

    /// <summary>The section key (<c>pv0</c>, <c>pv1</c>, …): the PV's position in the VG, refreshed by <see cref="VolumeGroup.UpdateDerived"/>.</summary>
    public string Key { get; internal set; } = string.Empty;

    public LvmUuid Id { get; set; }

    /// <summary>The <c>device</c> hint (the path the PV had when written); null = not written.</summary>
    public string? DeviceHint { get; set; }

    public string? DeviceIdType { get; set; }

    public string? DeviceId { get; set; }

    public PvStatus Status { get; set; } = PvStatus.Allocatable;

    public PvCompatFlags Flags { get; set; }

    public List<string> Tags { get; } = [];

    /// <summary>Size of the device in sectors.</summary>
    public Sectors DevSize { get; set; }

    /// <summary>Start of the first physical extent, in sectors.</summary>
    public Sectors PeStart { get; set; }

    public uint PeCount { get; set; }

    /// <summary>Bootloader area start (written only when both start and size are non-zero).</summary>
    public Sectors BaStart { get; set; }

    public Sectors BaSize { get; set; }

    /// <summary>Keys this model does not know, kept and written back.</summary>
    public List<ConfigNode> UnknownNodes { get; } = [];
}
