using System.Buffers;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>
/// The disk log in the kernel's format: header at sector 0, clean bitmap at byte 1024, the whole area read
/// and written as one I/O. Nothing is read until resume; resume re-reads, applies sync/nosync and growth,
/// rewrites the area and flushes the log device.
/// </summary>
internal sealed class DiskRegionLog : RegionLog
{
    private readonly IBlockDevice _device;
    private readonly string _deviceName;
    private readonly byte[] _area;

    public DiskRegionLog(MirrorLog parameters, ulong regionCount, IBlockDevice device) : base(parameters, regionCount)
    {
        _device = device;
        _deviceName = parameters.Device?.ToString() ?? device.Name;
        _area = new byte[MirrorLog.DiskAreaSize(regionCount).Bytes];
    }

    protected override bool HasDevice => true;

    public override void Resume()
    {
        base.Resume();
        ulong onDisk = 0;
        try
        {
            _device.Read(Sectors.Zero, _area);
            if (DiskLogHeader.TryRead(_area, out var header) && Parameters.Sync == MirrorSync.Default)
            {
                if (header.IsCompatible)
                {
                    onDisk = header.RegionCount;
                }
                else
                {
                    Health = 'D';
                }
            }
        }
        catch (StorageException)
        {
            Health = 'D';
        }
        Clean.ReadFrom(_area.AsSpan(MirrorLog.BitmapOffset), onDisk);
        bool fresh = Parameters.Sync == MirrorSync.NoSync;
        for (ulong r = onDisk; r < RegionCount; r++)
        {
            Clean[r] = fresh;
        }
        Sync.CopyFrom(Clean);
        RecountSync();
        Write(flushDevice: true);
    }

    protected override void Write(bool flushDevice)
    {
        if (Health == 'D')
        {
            return;
        }
        DiskLogHeader.For(RegionCount).Write(_area);
        var bitmap = _area.AsSpan(MirrorLog.BitmapOffset);
        bitmap.Clear();
        Clean.WriteTo(bitmap);
        try
        {
            _device.Write(Sectors.Zero, _area);
        }
        catch (StorageException)
        {
            Health = 'D';
            return;
        }
        if (flushDevice)
        {
            try
            {
                _device.Flush();
            }
            catch (StorageException)
            {
                Health = 'F';
            }
        }
    }

    public override string Status() => $"3 disk {_deviceName} {Health}";

    /// <summary>Reads a disk log as the kernel would at resume, for tests and tools: header and clean bits.</summary>
    public static (DiskLogHeader Header, bool[] Clean)? Inspect(IBlockDevice device, ulong regionCount)
    {
        int bytes = checked((int)MirrorLog.DiskAreaSize(regionCount).Bytes);
        byte[] area = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            device.Read(Sectors.Zero, area.AsSpan(0, bytes));
            if (!DiskLogHeader.TryRead(area, out var header))
            {
                return null;
            }
            var clean = new bool[regionCount];
            for (ulong r = 0; r < regionCount; r++)
            {
                clean[r] = (area[MirrorLog.BitmapOffset + (int)(r >> 3)] & (1 << (int)(r & 7))) != 0;
            }
            return (header, clean);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(area);
        }
    }
}
