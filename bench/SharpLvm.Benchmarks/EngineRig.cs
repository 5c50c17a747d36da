using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Benchmarks;

/// <summary>
/// The engine benchmarks' devices: three sparse 256 MiB image files in the temp directory (the two data
/// images written once so reads hit allocated blocks), and over them, each in its own engine (a mirror claims
/// its legs exclusively), a 128 MiB linear, striped (2 × 64 KiB) and 2-leg mirror (core log; disk log on the
/// third image, 512 KiB regions), both mirrors starting in sync (nosync). "raw" is the first image itself.
/// </summary>
internal sealed class EngineRig : IDisposable
{
    public const ulong ImageSectors = 256UL * 2048;
    public const ulong DeviceSectors = 128UL * 2048;

    public static readonly string[] Targets = ["raw", "linear", "striped", "mirror", "mirror-disklog"];

    private readonly string _dir;
    private readonly List<FileBlockDevice> _images = [];
    private readonly List<UserspaceDeviceMapper> _mappers = [];
    private readonly List<IBlockDevice> _opened = [];

    public EngineRig()
    {
        _dir = Path.Combine(Path.GetTempPath(), "sharplvm-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var fill = new byte[1 << 20];
        new Random(1).NextBytes(fill);
        for (int i = 0; i < 3; i++)
        {
            var image = FileBlockDevice.CreateImage(Path.Combine(_dir, $"disk{i}.img"), new Sectors(ImageSectors));
            for (ulong s = 0; i < 2 && s < ImageSectors; s += 2048)
            {
                image.Write(new Sectors(s), fill);
            }
            _images.Add(image);
        }
    }

    /// <summary>Opens the device of <paramref name="target"/> (one of <see cref="Targets"/>).</summary>
    public IBlockDevice Open(string target)
    {
        if (target == "raw")
        {
            return _images[0];
        }
        var mapper = new UserspaceDeviceMapper(new EngineOptions { Resync = ResyncMode.Manual });
        _mappers.Add(mapper);
        for (int i = 0; i < _images.Count; i++)
        {
            mapper.RegisterDevice(_images[i], new DeviceNumber(7, (uint)i));
        }
        string table = target switch
        {
            "linear" => $"0 {DeviceSectors} linear 7:0 2048",
            "striped" => $"0 {DeviceSectors} striped 2 128 7:0 2048 7:1 2048",
            "mirror" => $"0 {DeviceSectors} mirror core 2 1024 nosync 2 7:0 2048 7:1 2048",
            "mirror-disklog" => $"0 {DeviceSectors} mirror disk 3 7:2 1024 nosync 2 7:0 2048 7:1 2048 1 handle_errors",
            _ => throw new ArgumentException($"unknown target {target}", nameof(target)),
        };
        var name = DmName.Parse("bench");
        mapper.Create(name);
        mapper.Load(name, Table.Parse(table));
        mapper.Resume(name);
        var device = mapper.Open(name);
        _opened.Add(device);
        return device;
    }

    public void Dispose()
    {
        _opened.ForEach(d => d.Dispose());
        _mappers.ForEach(m => m.Dispose());
        _images.ForEach(i => i.Dispose());
        Directory.Delete(_dir, recursive: true);
    }
}
