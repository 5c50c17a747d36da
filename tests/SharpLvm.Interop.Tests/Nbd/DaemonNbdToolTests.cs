using System.Text.Json;
using SharpLvm.Interop.Tests.Daemon;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// Issue 6: the daemon's exports used by libnbd's tools and qemu over its NBD Unix socket: 1 GiB copied in and out with equal checksums, qemu-img reading what the device holds.
/// </summary>
public sealed class DaemonNbdToolTests
{
    private const long MiB = 1 << 20;
    private const long GiB = 1L << 30;
    private const long PvStart = 2048; // sectors: where the LVs start on the PV images (1 MiB, as LVM2's pe_start)

    [SkippableFact]
    public void NbdcopyOfOneGibInAndOutOfAnLvRoundTripsWithEqualChecksums()
    {
        NbdTools.Require("nbdcopy", "libnbd-bin");
        using var daemon = new DaemonProcess();
        // The LV spans two PVs (two linear segments), as an extended LV would.
        string pv0 = LvDevices.AttachImage(daemon, "pv0.img", GiB / 2 + 2 * MiB);
        string pv1 = LvDevices.AttachImage(daemon, "pv1.img", GiB / 2 + 2 * MiB);
        const long Half = GiB / 2 / 512;
        LvDevices.Create(daemon, "vg", "data", $"0 {Half} linear {pv0} {PvStart}\n{Half} {Half} linear {pv1} {PvStart}");
        string source = daemon.Dir.File("source.img");
        NbdTools.SparseRandomFile(source, GiB, chunks: 48, seed: 6);
        string uri = NbdTools.Uri(daemon.NbdSocket, "vg/data");

        NbdTools.Ok("nbdcopy", [source, uri], minutes: 15);
        string back = daemon.Dir.File("back.img");
        NbdTools.Ok("nbdcopy", [uri, back], minutes: 15);

        string expected = NbdTools.Sha256(source);
        Assert.Equal(expected, NbdTools.Sha256(back));
        // And the data is where the table puts it on the PVs.
        Assert.Equal(NbdTools.Sha256(source, 0, GiB / 2), NbdTools.Sha256(daemon.Dir.File("pv0.img"), PvStart * 512, GiB / 2));
        Assert.Equal(NbdTools.Sha256(source, GiB / 2, GiB / 2), NbdTools.Sha256(daemon.Dir.File("pv1.img"), PvStart * 512, GiB / 2));
    }

    [SkippableFact]
    public void QemuImgConvertFromAnExportEqualsTheDeviceContent()
    {
        NbdTools.Require("qemu-img", "qemu-utils");
        using var daemon = new DaemonProcess();
        const long Size = 96 * MiB;
        string pvImage = daemon.Dir.File("pv.img");
        // Data on the PV before the device exists: the export shows what the device maps.
        NbdTools.SparseRandomFile(pvImage, Size + 4 * MiB, chunks: 24, seed: 61);
        string disk = daemon.Ok("dmsetup", "attach", pvImage).Trim();
        LvDevices.CreateLinear(daemon, "vg", "lv", Size / 512, disk, PvStart);

        string output = daemon.Dir.File("converted.raw");
        NbdTools.Ok("qemu-img", ["convert", "-f", "raw", "-O", "raw", NbdTools.Uri(daemon.NbdSocket, "vg/lv"), output], minutes: 10);

        Assert.Equal(Size, new FileInfo(output).Length);
        Assert.Equal(NbdTools.Sha256(pvImage, PvStart * 512, Size), NbdTools.Sha256(output));
        string info = NbdTools.Ok("qemu-img", ["info", "--output=json", NbdTools.Uri(daemon.NbdSocket, "vg/lv")]);
        using var doc = JsonDocument.Parse(info);
        Assert.Equal(Size, doc.RootElement.GetProperty("virtual-size").GetInt64());
    }
}
