using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.Tests.Activation;

/// <summary>An <see cref="IDeviceHost"/> over another one whose table loads fail when <see cref="FailLoad"/> says so.</summary>
internal sealed class FaultyHost(IDeviceHost inner) : ForwardingHost(inner)
{
    public Func<DmName, Table, bool>? FailLoad { get; set; }

    public int FailedLoads { get; private set; }

    public override void Load(DmName name, Table table)
    {
        if (FailLoad?.Invoke(name, table) == true)
        {
            FailedLoads++;
            throw new StorageException(ErrorCode.IoError, $"Injected fault: loading a table into {name} failed.");
        }
        base.Load(name, table);
    }
}
