using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Interop.Tests.Nbd;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Reliability;

/// <summary>
/// The leg fault steps side by side: the real kernel's dm-raid1 (kernel-lab, Debian's 6.1 under QEMU) and our engine
/// print the same mirror status after each step: synced; leg 1 failed and written (the leg D, the written regions out
/// of sync, the write acknowledged, the data read back); leg 1 returned (still D); suspend without flush + resume
/// (resynced, AA, legs identical); a handle_errors mirror whose leg 0 fails a read (R, the read served by leg 1).
/// </summary>
public sealed class MirrorLegFaultKernelTests
{
    private const int Sectors16M = 16384;

    [SkippableFact]
    public void TheEngineReportsALegFaultAndItsRecoveryAsTheKernelDoes()
    {
        NbdTools.RequireRoot("the kernel lab (its cache and packages)");
        var payload = new KernelNbdPayload();
        string? lab = payload.KernelLab();
        Skip.If(lab is null, payload.WhyNot);
        using var work = new TempDir();
        string script = Path.Combine(TestPaths.RepoRoot, "tests", "SharpLvm.Interop.Tests", "Reliability", "mirror-leg-fault-guest.sh");
        var (code, stdout, stderr) = NbdTools.Run(lab!,
            ["--disk", work.File("vda.img") + ":8M", "--disk", work.File("vdb.img") + ":8M", "--disk", work.File("vdc.img") + ":1M", "--timeout", "600", script],
            minutes: 12);
        Assert.True(code == 0, $"kernel-lab exited {code}:\n{stdout}\n{stderr}");
        Assert.Contains("GUEST DONE", stdout, StringComparison.Ordinal);
        var kernel = stdout.Split('\n').Where(l => l.StartsWith("STATUS ", StringComparison.Ordinal))
            .Select(l => l.Trim().Replace(" 254:", " 253:", StringComparison.Ordinal)).ToList();
        foreach (string line in new[] { "WRITE OK", "READ BACK OK", "LEGS IDENTICAL", "READ OK" })
        {
            Assert.Contains(line, stdout, StringComparison.Ordinal);
        }
        Assert.Equal(kernel, Engine());
    }

    /// <summary>The guest script's steps on our engine (memory disks as 7:0-7:2, the dm devices numbered as the kernel's).</summary>
    private static List<string> Engine()
    {
        var lines = new List<string>();
        using var dm = new UserspaceDeviceMapper(new EngineOptions { Resync = ResyncMode.Manual });
        var disks = new[] { Sectors16M, Sectors16M, 2048 }.Select((s, i) => new MemoryBlockDevice(new Sectors((ulong)s), $"/dev/vd{(char)('a' + i)}")).ToArray();
        for (int i = 0; i < disks.Length; i++)
        {
            dm.RegisterDevice(disks[i], new DeviceNumber(7, (uint)i));
        }
        void Create(string name, string table)
        {
            dm.Create(DmName.Parse(name));
            dm.Load(DmName.Parse(name), Table.Parse(table));
            dm.Resume(DmName.Parse(name));
        }
        void Swap(string name, string table)
        {
            dm.Load(DmName.Parse(name), Table.Parse(table));
            dm.Suspend(DmName.Parse(name));
            dm.Resume(DmName.Parse(name));
        }
        void Status(string step, string name) => lines.Add($"STATUS {step} {dm.GetStatus(DmName.Parse(name)).Single()}");
        var m = DmName.Parse("m");
        Create("leg0", $"0 {Sectors16M} linear 7:0 0");
        Create("leg1", $"0 {Sectors16M} linear 7:1 0");
        Create("mlog", "0 2048 linear 7:2 0");
        Create("m", $"0 {Sectors16M} mirror disk 2 253:2 1024 2 253:0 0 253:1 0");
        Assert.True(dm.WaitForSync(m, TimeSpan.FromMinutes(1)));
        Status("synced", "m");
        byte[] data = new byte[16 * 65536];
        new Random(5).NextBytes(data);
        Swap("leg1", $"0 {Sectors16M} error");
        using (var dev = dm.Open(m))
        {
            dev.Write(new Sectors(4 * 128), data);
            dev.Flush();
            Status("leg1-failed-written", "m");
            var back = new byte[data.Length];
            dev.Read(new Sectors(4 * 128), back);
            Assert.Equal(data, back);
        }
        Swap("leg1", $"0 {Sectors16M} linear 7:1 0");
        Status("leg1-returned", "m");
        dm.Suspend(m, flush: false);
        dm.Resume(m);
        Assert.True(dm.WaitForSync(m, TimeSpan.FromMinutes(1)));
        Status("resumed-synced", "m");
        Assert.Equal(disks[0].ReadBytes(0, Sectors16M * 512), disks[1].ReadBytes(0, Sectors16M * 512));
        dm.Remove(m);
        Create("h", $"0 {Sectors16M} mirror disk 2 253:2 1024 2 253:0 0 253:1 0 1 handle_errors");
        Assert.True(dm.WaitForSync(DmName.Parse("h"), TimeSpan.FromMinutes(1)));
        Swap("leg0", $"0 {Sectors16M} error");
        using (var dev = dm.Open(DmName.Parse("h")))
        {
            dev.Read(Sectors.Zero, new byte[65536]);
        }
        Status("leg0-failed-read", "h");
        return lines;
    }
}
