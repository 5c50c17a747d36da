using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SharpLvm.Interop.Tests.Daemon;

/// <summary>The daemon's NBD exports as libnbd's tools see them (libnbd-bin; skipped when it is missing).</summary>
public sealed partial class NbdExportTests
{
    private static readonly string VgId = new('V', 32);

    private static string LvUuid(char lv) => "LVM-" + VgId + new string(lv, 32);

    private static string? WhyNot() => Tool.Exists("nbdinfo") && Tool.Exists("nbdcopy") ? null : "needs nbdinfo and nbdcopy (apt-get install libnbd-bin)";

    private static string Uri(DaemonProcess daemon, string export = "") => $"nbd+unix:///{export}?socket={daemon.NbdSocket}";

    /// <summary>export name → size, from <c>nbdinfo --list</c>.</summary>
    private static Dictionary<string, long> List(string uri)
    {
        var (code, stdout, stderr) = Tool.Run("nbdinfo", ["--list", uri]);
        Assert.True(code == 0, $"nbdinfo --list {uri}: {stderr}");
        var exports = new Dictionary<string, long>(StringComparer.Ordinal);
        string? current = null;
        foreach (string line in stdout.Split('\n'))
        {
            if (ExportLine().Match(line) is { Success: true } e)
            {
                current = e.Groups[1].Value;
            }
            else if (SizeLine().Match(line) is { Success: true } s && current is not null)
            {
                exports[current] = long.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        return exports;
    }

    [GeneratedRegex("^export=\"(.*)\":$")]
    private static partial Regex ExportLine();

    [GeneratedRegex(@"^\s*export-size: (\d+)")]
    private static partial Regex SizeLine();

    [SkippableFact]
    public void NbdinfoListsOneExportPerActiveLvWithItsSizeAndFollowsCreateAndRemove()
    {
        Skip.If(WhyNot() is not null, WhyNot());
        int port = 20000 + (Environment.ProcessId % 20000);
        using var daemon = new DaemonProcess("--nbd-listen", port.ToString(CultureInfo.InvariantCulture));
        string pv = daemon.Ok("dmsetup", "attach", daemon.Image("pv.img", 64 << 20)).Trim();
        daemon.Ok("dmsetup", "create", "vg1-lv1", "--uuid", LvUuid('a'), "--table", $"0 8192 linear {pv} 2048");
        daemon.Ok("dmsetup", "create", "my--vg-lv--2", "--uuid", LvUuid('b'), "--table", $"0 4096 linear {pv} 20480");
        daemon.Ok("dmsetup", "create", "vg1-lv1_mimage_0", "--uuid", LvUuid('c'), "--table", $"0 16 linear {pv} 40000");
        daemon.Ok("dmsetup", "create", "vg1-lv3-real", "--uuid", LvUuid('d') + "-real", "--table", $"0 16 linear {pv} 40100");
        daemon.Ok("dmsetup", "create", "plain", "--table", "0 16 zero");
        daemon.Ok("dmsetup", "create", "vg1-inactive", "--uuid", LvUuid('e'), "--notable");
        var exports = List(Uri(daemon));
        Assert.Equal(new Dictionary<string, long> { ["vg1/lv1"] = 8192 * 512, ["my-vg/lv-2"] = 4096 * 512 }, exports);
        Assert.Equal(exports, List($"nbd://127.0.0.1:{port}/"));
        daemon.Ok("dmsetup", "remove", "vg1-lv1");
        daemon.Ok("dmsetup", "load", "vg1-inactive", "--table", "0 64 zero");
        daemon.Ok("dmsetup", "resume", "vg1-inactive");
        Assert.Equal(new Dictionary<string, long> { ["my-vg/lv-2"] = 4096 * 512, ["vg1/inactive"] = 64 * 512 }, List(Uri(daemon)));
        daemon.Ok("dmsetup", "rename", "my--vg-lv--2", "my--vg-renamed");
        Assert.Equal(["my-vg/renamed", "vg1/inactive"], List(Uri(daemon)).Keys.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void NbdcopyRoundTripsThroughALinearLvAndWaitsWhileItIsSuspended()
    {
        Skip.If(WhyNot() is not null, WhyNot());
        using var daemon = new DaemonProcess();
        const int Bytes = 8 << 20;
        string image = daemon.Image("pv.img", 32 << 20);
        string pv = daemon.Ok("dmsetup", "attach", image).Trim();
        daemon.Ok("dmsetup", "create", "vg-lv", "--uuid", LvUuid('a'), "--table", $"0 {Bytes / 512} linear {pv} 4096");
        byte[] data = RandomNumberGenerator.GetBytes(Bytes);
        string source = daemon.Dir.File("in.bin"), back = daemon.Dir.File("out.bin");
        File.WriteAllBytes(source, data);
        string uri = Uri(daemon, "vg/lv");
        var (code, _, stderr) = Tool.Run("nbdcopy", [source, uri]);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = Tool.Run("nbdcopy", [uri, back]);
        Assert.True(code == 0, stderr);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(File.ReadAllBytes(back)));
        using (var file = File.OpenRead(image))
        {
            var onDisk = new byte[Bytes];
            file.Position = 4096L * 512;
            file.ReadExactly(onDisk);
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(onDisk));
        }
        // While suspended, a reader's requests wait; they complete after resume.
        daemon.Ok("dmsetup", "suspend", "vg-lv");
        File.Delete(back);
        var info = new ProcessStartInfo("nbdcopy") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(uri);
        info.ArgumentList.Add(back);
        using var reader = Process.Start(info)!;
        Assert.False(reader.WaitForExit(TimeSpan.FromSeconds(2)));
        daemon.Ok("dmsetup", "resume", "vg-lv");
        Assert.True(reader.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, reader.ExitCode);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(File.ReadAllBytes(back)));
    }
}
