using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>What <c>dmsetup info</c> reports of one device.</summary>
public sealed record DeviceInfo(
    DmName Name,
    DmUuid? Uuid,
    DeviceNumber Number,
    bool Suspended,
    bool HasLiveTable,
    bool HasInactiveTable,
    int OpenCount,
    int TargetCount,
    bool ReadOnly,
    uint EventNumber);
