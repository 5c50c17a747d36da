using System.Globalization;
using SharpLvm.Interop.Tests.Daemon;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// LV devices in a daemon made with <c>sharplvm dmsetup</c>, named and identified as LVM2 names them
/// ("vg-lv", uuid "LVM-" + VG id + LV id), which is what the daemon exports as "vg/lv".
/// </summary>
internal static class LvDevices
{
    /// <summary>A 32-character id from a short tag, padded in LVM2's alphabet.</summary>
    public static string Id(string tag) => (tag + new string('x', 32))[..32];

    /// <summary>LVM2's device name: VG and LV joined by '-', their own hyphens doubled.</summary>
    public static string DmName(string vg, string lv) => $"{vg.Replace("-", "--", StringComparison.Ordinal)}-{lv.Replace("-", "--", StringComparison.Ordinal)}";

    /// <summary>Attaches a new sparse image of <paramref name="bytes"/> and returns its major:minor.</summary>
    public static string AttachImage(DaemonProcess daemon, string name, long bytes) =>
        daemon.Ok("dmsetup", "attach", daemon.Image(name, bytes)).Trim();

    /// <summary>Creates the device of LV <paramref name="vg"/>/<paramref name="lv"/> with the given table.</summary>
    public static void Create(DaemonProcess daemon, string vg, string lv, string table) =>
        daemon.Ok("dmsetup", "create", DmName(vg, lv), "--uuid", $"LVM-{Id(vg)}{Id(lv)}", "--table", table);

    /// <summary>A linear LV of <paramref name="sectors"/> on <paramref name="disk"/> from <paramref name="start"/>.</summary>
    public static void CreateLinear(DaemonProcess daemon, string vg, string lv, long sectors, string disk, long start) =>
        Create(daemon, vg, lv, string.Create(CultureInfo.InvariantCulture, $"0 {sectors} linear {disk} {start}"));
}
