using System.Globalization;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Interop.Tests.Daemon;
using SharpLvm.Interop.Tests.Nbd;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Interop.Tests.Reliability;

/// <summary>
/// A daemon with VG "vg" on <c>pvs</c> 40 MiB image PVs and a 32 MiB disk-log mirror LV vg/m of <c>legs</c> legs in
/// 256 KiB regions, synced; an NBD client on it that writes random slots and remembers what each must read back;
/// fault injection by loading an error table into one of the LV's devices, as LVM2's <c>aux disable_dev</c>.
/// </summary>
internal sealed class MirrorFaultRig : IDisposable
{
    public const long MiB = 1 << 20;
    public const long PeStart = MiB;           // LVM2's default first extent
    public const long ExtentBytes = 4 * MiB;   // and extent size
    public const long LvBytes = 32 * MiB;
    public const int RegionBytes = 256 << 10;  // -R 256K
    public const int Regions = (int)(LvBytes / RegionBytes);
    public const int SlotBytes = 48 << 10;     // slots straddle region boundaries now and then

    private readonly Random _random;
    private readonly Dictionary<long, byte[]> _expected = [];
    private TestNbdClient? _client;

    public MirrorFaultRig(int legs, int pvs, int seed)
    {
        Legs = legs;
        _random = new Random(seed);
        Daemon = new DaemonProcess();
        Daemon.Environment["LVM_SYSTEM_DIR"] = Directory.CreateDirectory(Daemon.Dir.File("etc")).FullName;
        string[] images = [.. Enumerable.Range(0, pvs).Select(i => Daemon.Image($"pv{i}.img", 40 * MiB))];
        Daemon.Ok(["pvcreate", .. images]);
        Daemon.Ok(["vgcreate", "vg", .. images]);
        Daemon.Ok("lvcreate", "--type", "mirror", $"-m{legs - 1}", "--mirrorlog", "disk", "-R", "256K", "-L", "32M", "-n", "m", "vg");
        WaitForSync();
        Assert.Contains($"{Regions}/{Regions} 1 {new string('A', legs)} 3 disk", Status(), StringComparison.Ordinal);
        _client = TestNbdClient.Open(Daemon.NbdSocket, "vg/m", structured: false);
    }

    public DaemonProcess Daemon { get; }

    public int Legs { get; }

    public int Slots => _expected.Count;

    public string Status() => Daemon.Ok("dmsetup", "status", "vg-m").Trim();

    public void WaitForSync()
    {
        using var control = Daemon.Client();
        Assert.True(control.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(5)), "vg-m did not sync");
    }

    /// <summary>A field of the mirror status after the leg devices: 0 sync/regions, 2 the leg health letters.</summary>
    public string StatusField(int field) => Status().Split(' ')[4 + Legs + field];

    public int InSyncRegions => int.Parse(StatusField(0).Split('/')[0], CultureInfo.InvariantCulture);

    /// <summary>Loads an error table of the device's size into <paramref name="device"/>; returns the table it had.</summary>
    public string Fail(string device)
    {
        string table = Daemon.Ok("dmsetup", "table", device).Trim();
        Swap(device, $"0 {table.Split(' ')[1]} error");
        return table;
    }

    public void Swap(string device, string table)
    {
        Daemon.Ok("dmsetup", "load", device, "--table", table);
        Daemon.Ok("dmsetup", "suspend", device);
        Daemon.Ok("dmsetup", "resume", device);
    }

    /// <summary>Writes <paramref name="count"/> random slots (some overlap), a FLUSH every 8; each must succeed.</summary>
    public int Write(int count)
    {
        for (int i = 0; i < count; i++)
        {
            long offset = _random.NextInt64((LvBytes - SlotBytes) / 512) * 512;
            byte[] data = new byte[SlotBytes];
            _random.NextBytes(data);
            var reply = _client!.Call(Cmd.Write, (ulong)offset, SlotBytes, 0, data);
            Assert.True(reply.Error == 0, $"write at {offset} failed with NBD error {reply.Error}");
            foreach (long other in _expected.Keys.Where(o => o != offset && o < offset + SlotBytes && offset < o + SlotBytes).ToList())
            {
                long from = Math.Max(other, offset), to = Math.Min(other + SlotBytes, offset + SlotBytes);
                data.AsSpan((int)(from - offset), (int)(to - from)).CopyTo(_expected[other].AsSpan((int)(from - other)));
            }
            _expected[offset] = data;
            if (i % 8 == 7)
            {
                Assert.Equal(0u, _client.Call(Cmd.Flush, 0, 0).Error);
            }
        }
        return count;
    }

    /// <summary>Reads every slot back; returns the bytes compared.</summary>
    public long Verify()
    {
        long bytes = 0;
        foreach (var (offset, data) in _expected)
        {
            Assert.True(data.AsSpan().SequenceEqual(_client!.Read((ulong)offset, SlotBytes)), $"slot at {offset} does not read back");
            bytes += data.Length;
        }
        return bytes;
    }

    /// <summary>Name → (PV file, byte offset of the first extent) of every LV of vg with one PV range (lvs -a seg_pe_ranges).</summary>
    public Dictionary<string, (string Path, long Offset)> Extents()
    {
        var result = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        foreach (string line in Daemon.Ok("lvs", "-a", "--noheadings", "--separator", "|", "-o", "lv_name,seg_pe_ranges", "vg")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Trim().Split('|');
            string[] ranges = f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (ranges.Length != 1 || !ranges[0].StartsWith('/'))
            {
                continue;
            }
            int colon = ranges[0].LastIndexOf(':');
            long first = long.Parse(ranges[0][(colon + 1)..].Split('-')[0], CultureInfo.InvariantCulture);
            result[f[0].Trim('[', ']')] = (ranges[0][..colon], PeStart + first * ExtentBytes);
        }
        return result;
    }

    public void CloseClient()
    {
        _client?.Dispose();
        _client = null;
    }

    public void Dispose()
    {
        CloseClient();
        Daemon.Dispose();
    }
}
