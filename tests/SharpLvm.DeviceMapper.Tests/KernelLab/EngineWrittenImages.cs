using System.Security.Cryptography;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.KernelLab;

/// <summary>
/// The reverse direction, prepared once for all its tests (one boot): the layout's devices created in our
/// engine over three image files, the pattern written through them, the mirror resynchronised and removed
/// (which leaves its disk log clean), the checksum of every device recorded; then the kernel lab booted
/// with those images and the guest script of <see cref="LabLayout"/>.
/// </summary>
public sealed class EngineWrittenImages : IDisposable
{
    /// <summary>Leg 1's copy of this region is overwritten behind the mirror after we leave the log clean.</summary>
    public const ulong DivergentRegion = 5;

    private readonly TempDir _dir = new();

    public EngineWrittenImages()
    {
        SkipReason = KernelLabRunner.WhyNot();
        if (SkipReason is not null)
        {
            return;
        }
        string[] images = [.. LabLayout.Disks.Select(d => _dir.File(d.Path[(d.Path.LastIndexOf('/') + 1)..] + ".img"))];
        WriteThroughEngine(images);
        MakeLeg1Diverge(images[1]);
        Result = KernelLabRunner.Run(images, LabLayout.GuestScript(), _dir.Path);
        if (!Result.GuestRan)
        {
            SkipReason = "kernel-lab could not boot its guest here: " + string.Join(" | ", Result.Errors.Split('\n').TakeLast(6));
        }
    }

    /// <summary>Why the tests skip, or null.</summary>
    internal string? SkipReason { get; }

    internal LabResult? Result { get; }

    /// <summary>SHA-256 of each device as our engine read it (leg 1: after the divergence was made).</summary>
    internal Dictionary<string, string> Ours { get; } = [];

    /// <summary>Our mirror's sync count and region count just before we removed it.</summary>
    internal string OurMirrorStatus { get; private set; } = "";

    private void WriteThroughEngine(string[] images)
    {
        var disks = images.Select(p => FileBlockDevice.CreateImage(p, new Sectors(LabLayout.DiskSectors))).ToList();
        try
        {
            using var engine = new UserspaceDeviceMapper(new EngineOptions { Resync = ResyncMode.Manual });
            for (int i = 0; i < disks.Count; i++)
            {
                engine.RegisterDevice(disks[i], LabLayout.Disks[i].Number, LabLayout.Disks[i].Path);
            }
            foreach (var (name, table) in LabLayout.Devices)
            {
                engine.Create(DmName.Parse(name));
                engine.Load(DmName.Parse(name), Table.Parse(table));
                engine.Resume(DmName.Parse(name));
            }
            var mirror = DmName.Parse(LabLayout.Mirror);
            // The first half while the new mirror is out of sync (default leg only), then recovery, then the rest in sync.
            WritePattern(engine, LabLayout.Mirror, 0, LabLayout.MirrorSectors / 2);
            engine.Resync(mirror);
            WritePattern(engine, LabLayout.Mirror, LabLayout.MirrorSectors / 2, LabLayout.MirrorSectors);
            WritePattern(engine, LabLayout.Linear, 0, null);
            WritePattern(engine, LabLayout.Striped, 0, null);
            OurMirrorStatus = engine.GetStatus(mirror).Single();
            foreach (var (name, _) in LabLayout.Devices)
            {
                Ours[name] = Sha256(engine, name);
            }
            // Removing a live mirror suspends it first: pending regions are written clean.
            foreach (var (name, _) in LabLayout.Devices.Reverse())
            {
                if (name == LabLayout.Log)
                {
                    Ours[name] = Sha256(engine, name);
                }
                engine.Remove(DmName.Parse(name));
            }
        }
        finally
        {
            disks.ForEach(d =>
            {
                d.Flush();
                d.Dispose();
            });
        }
    }

    private static void WritePattern(UserspaceDeviceMapper engine, string name, ulong from, ulong? to)
    {
        using var device = engine.Open(DmName.Parse(name));
        ulong end = to ?? device.Size.Value;
        var buffer = new byte[1 << 20];
        for (ulong s = from; s < end; s += (ulong)buffer.Length / 512)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min((ulong)buffer.Length, (end - s) * 512));
            LabLayout.Fill(name, s, chunk);
            device.Write(new Sectors(s), chunk);
        }
        device.Flush();
    }

    private static string Sha256(UserspaceDeviceMapper engine, string name)
    {
        using var device = engine.Open(DmName.Parse(name));
        return Sha256(device, Sectors.Zero, device.Size);
    }

    private static string Sha256(IBlockDevice device, Sectors start, Sectors length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (ulong s = 0; s < length.Value; s += (ulong)buffer.Length / 512)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min((ulong)buffer.Length, (length.Value - s) * 512));
            device.Read(start + new Sectors(s), chunk);
            hash.AppendData(chunk);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Overwrites 4 KiB of leg 1 in <see cref="DivergentRegion"/>, a region our clean log says is in sync:
    /// a kernel that recovered the mirror would copy leg 0 over it, so leg 1's checksum tells whether it did.
    /// Reads come from the default leg 0, so the mirror's own checksum is unaffected.
    /// </summary>
    private void MakeLeg1Diverge(string vdb)
    {
        using var disk = FileBlockDevice.Open(vdb);
        var leg = new Sectors(LabLayout.Leg1Start);
        var junk = new byte[4096];
        junk.AsSpan().Fill(0xA5);
        disk.Write(leg + new Sectors(DivergentRegion * LabLayout.RegionSectors + 16), junk);
        disk.Flush();
        Ours[LabLayout.Leg1] = Sha256(disk, leg, new Sectors(LabLayout.MirrorSectors));
    }

    public void Dispose() => _dir.Dispose();
}
