using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// A device that must exist afterwards with this table. Tables may name other devices of the desired
/// state as <c>/dev/mapper/&lt;name&gt;</c>; the planner replaces those with the device numbers.
/// <paramref name="Flags"/> takes the input flags (<see cref="NodeFlags.DelayResumeIfNew"/>,
/// <see cref="NodeFlags.DelayResumeIfExtended"/>, <see cref="NodeFlags.NoFlush"/>,
/// <see cref="NodeFlags.SkipReloadWhenEquivalent"/>).
/// </summary>
public sealed record DesiredDevice(DmName Name, DmUuid? Uuid, Table Table, NodeFlags Flags = NodeFlags.SkipReloadWhenEquivalent, DeviceNumber? Number = null)
{
    /// <summary>The flags a caller may set; the others are facts or decisions.</summary>
    public const NodeFlags InputFlags = NodeFlags.DelayResumeIfNew | NodeFlags.DelayResumeIfExtended
        | NodeFlags.NoFlush | NodeFlags.SkipReloadWhenEquivalent;
}
