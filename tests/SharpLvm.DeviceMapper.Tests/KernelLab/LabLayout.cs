using System.Text;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Tests.KernelLab;

/// <summary>
/// The devices of the reverse check, in creation order (lower devices first), with tables that name disks by
/// path so the same text works in our engine and in the guest (where device numbers are the kernel's).
/// Three 64 MiB disks; a linear over two disks, a 2-stripe striped, a 2-leg mirror with a disk log on linear
/// sub-devices as LVM stacks them. The mirror has 8 regions of 2 MiB.
/// </summary>
internal static class LabLayout
{
    public const ulong DiskSectors = 64 * 2048;
    public const ulong RegionSectors = 4096;
    public const ulong MirrorSectors = 32768;
    public const ulong Regions = MirrorSectors / RegionSectors;

    /// <summary>Where leg 1 starts on vdb (its linear table's offset).</summary>
    public const ulong Leg1Start = 18432;

    public static readonly (string Path, DeviceNumber Number)[] Disks =
    [
        ("/dev/vda", new DeviceNumber(252, 0)),
        ("/dev/vdb", new DeviceNumber(252, 16)),
        ("/dev/vdc", new DeviceNumber(252, 32)),
    ];

    public const string Linear = "kl-lin";
    public const string Striped = "kl-str";
    public const string Log = "kl-mlog";
    public const string Leg0 = "kl-mimage_0";
    public const string Leg1 = "kl-mimage_1";
    public const string Mirror = "kl-mir";

    /// <summary>Every device and its table, lower devices first.</summary>
    public static readonly (string Name, string Table)[] Devices =
    [
        (Linear, "0 16384 linear /dev/vda 2048\n16384 16384 linear /dev/vdc 10240"),
        (Striped, "0 32768 striped 2 128 /dev/vda 18432 /dev/vdb 2048"),
        (Log, "0 8192 linear /dev/vdc 2048"),
        (Leg0, "0 32768 linear /dev/vda 34816"),
        (Leg1, $"0 32768 linear /dev/vdb {Leg1Start}"),
        (Mirror, $"0 {MirrorSectors} mirror disk 2 /dev/mapper/{Log} {RegionSectors} 2 /dev/mapper/{Leg0} 0 /dev/mapper/{Leg1} 0 1 handle_errors"),
    ];

    /// <summary>The devices written with the pattern through our engine.</summary>
    public static readonly string[] Written = [Linear, Striped, Mirror];

    /// <summary>
    /// Sector <paramref name="sector"/> of device <paramref name="device"/>: "&lt;device&gt; sector &lt;8 digits&gt; "
    /// padded with '.' to 32 bytes, then bytes (sector * 31 + k) &amp; 0xff. Every sector differs, so a wrong
    /// mapping shows.
    /// </summary>
    public static void Fill(string device, ulong sector, Span<byte> buffer)
    {
        const int header = 32;
        for (int s = 0; s < buffer.Length / 512; s++, sector++)
        {
            var block = buffer.Slice(s * 512, 512);
            block[..header].Fill((byte)'.');
            Encoding.ASCII.GetBytes($"{device} sector {sector:D8} ", block);
            for (int k = header; k < 512; k++)
            {
                block[k] = (byte)((sector * 31 + (ulong)k) & 0xff);
            }
        }
    }

    /// <summary>The guest script: the same tables with dmsetup, checksums and the mirror's status lines, one "key value" per line.</summary>
    public static string GuestScript()
    {
        var sb = new StringBuilder();
        sb.Append("set -e\n");
        sb.Append("echo ").Append(KernelLabRunner.ReadyMarker).Append('\n');
        sb.Append("sha() { echo \"$1 $(sha256sum < /dev/mapper/$2 | cut -d' ' -f1)\"; }\n");
        foreach (var (name, table) in Devices)
        {
            if (name == Mirror)
            {
                // The log as we left it, before the kernel's mirror reads (and rewrites) it.
                sb.Append("sha log-before ").Append(Log).Append('\n');
            }
            sb.Append("dmsetup create ").Append(name).Append(" <<'EOF'\n").Append(table).Append("\nEOF\n");
        }
        // At once: the sync count the kernel took from our log, before any recovery could run.
        sb.Append("echo \"status-at-create $(dmsetup status ").Append(Mirror).Append(")\"\n");
        foreach (var (name, _) in Devices)
        {
            sb.Append("sha sha-").Append(name).Append(' ').Append(name).Append('\n');
        }
        sb.Append("echo \"status-after-reads $(dmsetup status ").Append(Mirror).Append(")\"\n");
        sb.Append("dmsetup remove ").Append(Mirror).Append('\n');
        sb.Append("sha leg1-after-remove ").Append(Leg1).Append('\n');
        sb.Append("sha log-after ").Append(Log).Append('\n');
        foreach (var (name, _) in Devices.Reverse().Skip(1))
        {
            sb.Append("dmsetup remove ").Append(name).Append('\n');
        }
        sb.Append("dmesg | grep -i -e mirror -e device-mapper | sed 's/^/dmesg /' || true\n");
        return sb.ToString();
    }
}
