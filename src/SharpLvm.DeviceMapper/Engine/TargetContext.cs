using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>What a target constructor gets from the engine: its device, the options, the event hook and device opening.</summary>
internal sealed record TargetContext(string DeviceName, EngineOptions Options, Action RaiseEvent, Func<DeviceRef, IBlockDevice> Open);
