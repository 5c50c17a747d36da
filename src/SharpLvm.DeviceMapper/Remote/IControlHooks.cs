using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>
/// What the owner of a <see cref="ControlServer"/> does around control operations: e.g. the daemon's NBD
/// exports, which hold devices open and follow the device list.
/// </summary>
public interface IControlHooks
{
    /// <summary>Wraps a removal: release any handle of this process on the device, then call <paramref name="remove"/>.</summary>
    void Remove(DmName name, Action remove);

    /// <summary>Called after every operation that may have changed devices (create, load, resume, rename, remove...).</summary>
    void Changed();
}
