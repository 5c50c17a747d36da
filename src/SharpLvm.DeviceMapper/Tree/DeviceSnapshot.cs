using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>One device-mapper device as it is at a moment: name, uuid, number, both table slots, suspended.</summary>
public sealed record DeviceSnapshot(DmName Name, DmUuid? Uuid, DeviceNumber Number, Table? Live, Table? Inactive, bool Suspended = false);
