using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Format.Disk;

namespace SharpLvm.Operations;

/// <summary>
/// New VG metadata written and precommitted (slot 1) on every metadata area, not yet committed: <see cref="Commit"/>
/// writes slot 0 (one header sector per area), sets PV_EXT_USED on PVs that joined and orphans released PVs;
/// <see cref="Revert"/> clears slot 1 so the old copy stays the committed one. Holds the devices open until disposed.
/// </summary>
public sealed class PendingMetadata : IDisposable
{
    private readonly List<(IBlockDevice Device, PhysicalVolumeDisk Disk)> _devices;
    private readonly List<MetadataArea> _areas;
    private readonly IReadOnlyList<string> _released;
    private readonly PendingDeviceWrites? _deviceWrites;
    private bool _done;

    private readonly Config.SystemContext _ctx;

    internal PendingMetadata(Config.SystemContext ctx, List<(IBlockDevice Device, PhysicalVolumeDisk Disk)> devices, List<MetadataArea> areas, IReadOnlyList<string> released,
        PendingDeviceWrites? deviceWrites)
    {
        _ctx = ctx;
        _devices = devices;
        _areas = areas;
        _released = released;
        _deviceWrites = deviceWrites;
    }

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        VgMetadataWriter.Commit(_areas);
        foreach ((_, PhysicalVolumeDisk disk) in _devices.Where(d => !d.Disk.Label.InVg))
        {
            disk.WriteLabel(disk.Label with { ExtensionFlags = disk.Label.ExtensionFlags | LabelLayout.PvExtUsed });
        }
        Close();
        foreach (string path in _released)
        {
            VgTransaction.MakeOrphan(_ctx, path);
        }
    }

    public void Revert()
    {
        if (_done)
        {
            return;
        }
        try
        {
            VgMetadataWriter.Revert(_areas);
        }
        finally
        {
            Close();
            _deviceWrites?.Revert();
        }
    }

    private void Close()
    {
        _done = true;
        foreach ((IBlockDevice device, _) in _devices)
        {
            device.Dispose();
        }
    }

    public void Dispose() => Close();
}
