using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>A block device registered with the engine so tables can name it by number or path (an image file, memory).</summary>
public sealed record UnderlyingDevice(IBlockDevice Device, DeviceNumber Number, string? Path);
