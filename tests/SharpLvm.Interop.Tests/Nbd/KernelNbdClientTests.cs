using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// Issue 6: the Linux kernel's nbd client on an LV served by the daemon, in one kernel-lab boot (Debian's 6.1
/// kernel under QEMU; this host has no nbd module): pvcreate, vgcreate, lvcreate and lvchange -ay in the guest,
/// nbd-client over the daemon's Unix socket, dd written and
/// read back, mkfs.ext4, files, fsck clean, files intact after a remount, the LV equal to the PV's extents.
/// The steps are in kernel-nbd-guest.sh, which fails at the first difference.
/// </summary>
public sealed class KernelNbdClientTests
{
    [SkippableFact]
    public void TheKernelNbdClientMountsAnExt4FilesystemOnAnLvServedByTheDaemon()
    {
        NbdTools.RequireRoot("the kernel lab (its cache and packages)");
        var payload = new KernelNbdPayload();
        string? lab = payload.KernelLab();
        Skip.If(lab is null, payload.WhyNot);
        using var work = new TempDir();
        string dir = Directory.CreateDirectory(work.File("payload")).FullName;
        Skip.IfNot(payload.Build(dir, work.Path), payload.WhyNot);

        string script = Path.Combine(TestPaths.RepoRoot, "tests", "SharpLvm.Interop.Tests", "Nbd", "kernel-nbd-guest.sh");
        var (code, stdout, stderr) = NbdTools.Run(lab!,
            ["--disk", work.File("vda.img") + ":128M", "--payload", dir, "--mem", "1536", "--timeout", "1200", script], minutes: 25);

        Assert.True(code == 0, $"kernel-lab exited {code}:\n{stdout}\n{stderr}");
        Assert.Contains("activated with lvchange -ay", stdout, StringComparison.Ordinal);
        Assert.Contains("Connected /dev/nbd0", stdout, StringComparison.Ordinal);
        Assert.Contains("nbd0 size 67108864", stdout, StringComparison.Ordinal);
        Assert.Contains("fsck clean", stdout, StringComparison.Ordinal);
        Assert.EndsWith("KERNEL-NBD OK", stdout.TrimEnd(), StringComparison.Ordinal);
    }
}
