using System.Globalization;
using System.Security.Cryptography;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Interop.Tests.Daemon;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// Issue 6: a real ext4 filesystem on a 2-leg mirror LV served by the daemon (nbdfuse + losetup on this host),
/// <c>sharplvm lvconvert -m+1</c> while files are being written through the mount, then fsck clean, the files
/// intact after a remount, and the three legs identical on the PVs.
/// </summary>
public sealed class MirrorFilesystemTests
{
    private const long MiB = 1 << 20;
    private const long PeStart = MiB;        // LVM2's default first extent
    private const long ExtentBytes = 4 * MiB;  // and extent size

    [SkippableFact]
    public async Task Ext4OnAMirrorLvSurvivesLvconvertAddingALegWhileFilesAreWritten()
    {
        string? why = FuseLoopMount.WhyNot();
        Skip.If(why is not null, why);
        using var daemon = new DaemonProcess();
        daemon.Environment["LVM_SYSTEM_DIR"] = Directory.CreateDirectory(daemon.Dir.File("etc")).FullName;
        string[] pvs = [.. Enumerable.Range(0, 4).Select(i => daemon.Image($"pv{i}.img", 80 * MiB))];
        daemon.Ok(["pvcreate", .. pvs]);
        daemon.Ok(["vgcreate", "vg", .. pvs]);
        daemon.Ok("lvcreate", "--type", "mirror", "-m1", "--mirrorlog", "disk", "-L", "64M", "-n", "m", "vg", pvs[0], pvs[1], pvs[2]);
        daemon.Ok("lvchange", "-ay", "vg/m");
        using (var client = daemon.Client())
        {
            Assert.True(client.WaitForSync(DmName.Parse("vg-m"), TimeSpan.FromMinutes(5)));
        }

        string mnt = Directory.CreateDirectory(daemon.Dir.File("mnt")).FullName;
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var device = new FuseLoopMount(NbdTools.Uri(daemon.NbdSocket, "vg/m"), daemon.Dir.File("fuse")))
        {
            NbdTools.Ok("mkfs.ext4", ["-q", "-F", device.Loop]);
            NbdTools.Ok("mount", ["-t", "ext4", device.Loop, mnt]);
            try
            {
                using var stop = new CancellationTokenSource();
                var writing = Task.Run(() => WriteFiles(mnt, written, stop.Token));
                while (written.Count < 5 && !writing.IsCompleted)
                {
                    await Task.Delay(50);
                }
                string convert = daemon.Ok("lvconvert", "-m+1", "vg/m");
                Assert.Contains("converted", convert, StringComparison.Ordinal);
                await Task.Delay(500);
                int duringConversion = written.Count;
                await stop.CancelAsync();
                await writing;
                Assert.True(written.Count >= duringConversion && duringConversion > 5, $"{duringConversion} files written");
            }
            finally
            {
                NbdTools.Run("umount", [mnt]);
            }
            string fsck = NbdTools.Ok("fsck.ext4", ["-fn", device.Loop]);
            Assert.Contains($"{written.Count + 11}/", fsck, StringComparison.Ordinal); // the files + ext4's 11 reserved inodes
            NbdTools.Ok("mount", ["-t", "ext4", "-o", "ro", device.Loop, mnt]);
            try
            {
                foreach (var (name, hash) in written)
                {
                    Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(mnt, name)))));
                }
            }
            finally
            {
                NbdTools.Run("umount", [mnt]);
            }
        }
        string lvHash = Sha256OfExport(daemon);

        // The mirror now has three legs; each one on its PV holds what the LV holds.
        string lvs = daemon.Ok("lvs", "-a", "--noheadings", "--separator", "|", "-o", "lv_name,seg_pe_ranges", "vg");
        var legs = lvs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split('|'))
            .Where(f => f[0].Contains("_mimage_", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, legs.Count);
        daemon.Ok("lvchange", "-an", "vg/m");
        foreach (var leg in legs)
        {
            Assert.Equal(lvHash, LegHash(leg[1].Trim()));
        }
    }

    /// <summary>Files of 64..512 KiB with random content, each fsynced, until cancelled; name → SHA-256.</summary>
    private static void WriteFiles(string dir, Dictionary<string, string> written, CancellationToken stop)
    {
        var random = new Random(66);
        for (int i = 0; !stop.IsCancellationRequested; i++)
        {
            byte[] data = new byte[random.Next(1, 9) * 64 * 1024];
            random.NextBytes(data);
            string name = string.Create(CultureInfo.InvariantCulture, $"f{i:D5}.bin");
            using (var f = new FileStream(Path.Combine(dir, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.WriteThrough))
            {
                f.Write(data);
                f.Flush(flushToDisk: true);
            }
            lock (written)
            {
                written[name] = Convert.ToHexString(SHA256.HashData(data));
            }
        }
    }

    private static string Sha256OfExport(DaemonProcess daemon)
    {
        string copy = daemon.Dir.File("lv.raw");
        NbdTools.Ok("nbdcopy", [NbdTools.Uri(daemon.NbdSocket, "vg/m"), copy], minutes: 10);
        string hash = NbdTools.Sha256(copy);
        File.Delete(copy);
        return hash;
    }

    /// <summary>SHA-256 of a leg's extents, given as LVM2's seg_pe_ranges ("/path/pv1.img:0-15", one range here).</summary>
    private static string LegHash(string peRanges)
    {
        string range = Assert.Single(peRanges.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        int colon = range.LastIndexOf(':');
        string[] pe = range[(colon + 1)..].Split('-');
        long first = long.Parse(pe[0], CultureInfo.InvariantCulture), last = long.Parse(pe[1], CultureInfo.InvariantCulture);
        return NbdTools.Sha256(range[..colon], PeStart + first * ExtentBytes, (last - first + 1) * ExtentBytes);
    }
}
