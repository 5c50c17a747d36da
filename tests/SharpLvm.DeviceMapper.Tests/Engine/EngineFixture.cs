using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Tests.Engine;

/// <summary>An engine over a few memory disks registered as 7:0, 7:1, ... (/dev/loopN).</summary>
internal sealed class EngineFixture : IDisposable
{
    public EngineFixture(int disks = 4, ulong sectors = 65536, ResyncMode resync = ResyncMode.Manual, TimeProvider? time = null)
    {
        Mapper = new UserspaceDeviceMapper(new EngineOptions { Resync = resync, Time = time ?? TimeProvider.System });
        for (int i = 0; i < disks; i++)
        {
            var disk = new MemoryBlockDevice(new Sectors(sectors), $"/dev/loop{i}");
            Disks.Add(disk);
            Mapper.RegisterDevice(disk, new DeviceNumber(7, (uint)i), $"/dev/loop{i}");
        }
    }

    public UserspaceDeviceMapper Mapper { get; }

    public List<MemoryBlockDevice> Disks { get; } = [];

    public static DmName N(string name) => DmName.Parse(name);

    /// <summary>create + load + resume, as <c>dmsetup create NAME --table</c>.</summary>
    public DeviceInfo Create(string name, string table, string? uuid = null)
    {
        var info = Mapper.Create(N(name), uuid is null ? null : DmUuid.Parse(uuid));
        Mapper.Load(N(name), Table.Parse(table));
        Mapper.Resume(N(name));
        return info;
    }

    public static byte[] Pattern(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    public void Dispose()
    {
        Mapper.Dispose();
        foreach (var disk in Disks)
        {
            disk.Dispose();
        }
    }
}
