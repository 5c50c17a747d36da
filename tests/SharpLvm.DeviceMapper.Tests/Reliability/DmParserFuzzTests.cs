using CsCheck;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Mirror;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Reliability;

/// <summary>
/// Issue 7's fuzzing of the device-mapper side: table lines (Table.Parse, and TargetRegistry.Parse per type) and
/// the dm-log on a log device (header and clean bitmap, as the mirror reads them at resume and as tools inspect
/// them). Mutations of real lines (LVM2's, from the traces) and of a valid log, plus random input.
/// </summary>
public sealed class DmParserFuzzTests
{
    private static readonly string[] Tables =
    [
        "0 32768 mirror core 1 4096 2 253:4 0 253:5 0 1 handle_errors",
        "0 32768 mirror disk 2 253:0 4096 2 253:1 0 253:2 0 1 handle_errors",
        "0 4096 mirror disk 2 253:1 1024 3 253:2 0 253:3 0 253:6 0",
        "0 32768 mirror core 2 4096 nosync 2 253:4 0 253:5 0",
        "0 32768 linear 252:32 2048",
        "0 8 linear /dev/mapper/vg-nothing 0",
        "0 8192 striped 2 128 252:0 2048 252:16 2048",
        "0 2048 linear 8:0 2048\n2048 4096 linear 8:16 2048\n6144 100 error",
        "0 100 zero",
        "0 100 error",
        "0 2048 flakey 8:0 0 10 5",
        "0 2048 flakey 8:0 0 10 5 1 drop_writes",
        "0 2048 delay 8:0 0 100",
        "0 2048 delay 8:0 0 100 8:16 0 200",
    ];

    private static readonly string[] Tokens =
    [
        "", " ", "\n", "\t", "#", "0", "1", "-1", "2", "3", "65536", "4294967296", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999", "253:", ":0", "253:4294967295", "4096:4096", "/dev/", "a b", "linear", "striped", "mirror",
        "error", "zero", "flakey", "delay", "core", "disk", "nosync", "sync", "handle_errors", "keep_log", "drop_writes",
        "corrupt_bio_byte", "error_writes", "1 handle_errors", "0x10", "+1", "1e3",
    ];

    [Fact]
    public void Table_lines() =>
        Fuzz.Run("dm-table", Fuzz.TextMutations(Tables, Tokens), text =>
        {
            Table table = Table.Parse(text);
            _ = table.ToString();
            _ = table.Claims.Count();
        }, t => t);

    /// <summary>Mostly a type with mutations of its own parameters (so the type's deeper checks run), sometimes any type.</summary>
    [Fact]
    public void Target_parameters_per_type()
    {
        var lines = Tables.SelectMany(t => t.Split('\n')).Select(l => l.Split(' ', 4)).Where(w => w.Length == 4 || w.Length == 3).ToArray();
        var byType = TargetRegistry.Known.Select(type => (Type: type, Params: lines.Where(w => w[2] == type).Select(w => w.Length == 4 ? w[3] : "").ToArray()))
            .Where(t => t.Params.Length > 0).ToArray();
        Gen<(string Type, string Params)> own = Gen.Int[0, byType.Length - 1]
            .SelectMany(i => Fuzz.TextMutations(byType[i].Params, Tokens).Select(p => (byType[i].Type, p)));
        Gen<(string Type, string Params)> any = Gen.Select(Gen.Int[0, TargetRegistry.Known.Count - 1].Select(i => TargetRegistry.Known[i]),
            Fuzz.TextMutations([.. lines.Select(w => w.Length == 4 ? w[3] : "")], Tokens));
        Fuzz.Run("dm-target-params", Gen.Frequency((3, own), (1, any)), input => _ = TargetRegistry.Parse(input.Type, input.Params).ToString(),
            input => $"{input.Type} {input.Params}");
    }

    private static byte[] ValidLog(ulong regions)
    {
        var area = new byte[MirrorLog.DiskAreaSize(regions).Bytes];
        DiskLogHeader.For(regions).Write(area);
        for (int i = MirrorLog.BitmapOffset; i < area.Length; i++)
        {
            area[i] = (byte)(i * 37);
        }
        return area;
    }

    /// <summary>The log device as the mirror reads it at resume (header, region count, bitmap) and as Inspect reads it.</summary>
    [Fact]
    public void Dm_log_header_and_bitmap()
    {
        byte[][] seeds = [ValidLog(8), ValidLog(100), ValidLog(4096), ValidLog(70000)];
        Gen<(byte[] Bytes, ulong Regions)> gen = Gen.Select(
            Gen.Frequency((9, Fuzz.Mutations(seeds, window: 2048)), (1, Fuzz.RandomBytes(4096))),
            Gen.Int[0, 4].Select(i => new[] { 1UL, 8UL, 100UL, 4096UL, 70000UL }[i]));
        Fuzz.Run("dm-log", gen, input =>
        {
            ulong regions = input.Regions;
            var log = MirrorLog.Disk(DeviceRef.Parse("253:9"), new Sectors(1024));
            using var device = new MemoryBlockDevice(MirrorLog.DiskAreaSize(regions) + new Sectors(8), "log");
            int length = (int)Math.Min((ulong)input.Bytes.Length, device.Size.Bytes) / 512 * 512;
            device.Write(Sectors.Zero, input.Bytes.AsSpan(0, length));
            _ = DiskLogHeader.TryRead(input.Bytes.Length >= DiskLogHeader.Size ? input.Bytes : new byte[DiskLogHeader.Size], out _);
            _ = DiskRegionLog.Inspect(device, regions);
            var region = new DiskRegionLog(log, regions, device);
            region.Resume();
            _ = region.Status();
            _ = region.NextResyncWork();
        }, input => $"regions {input.Regions} bytes {Convert.ToHexString(input.Bytes.AsSpan(0, Math.Min(input.Bytes.Length, 2048)))}");
    }
}
