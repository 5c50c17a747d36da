using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.Model;

namespace SharpLvm.Activation;

/// <summary>One mirror image (or the log) and the health the live mirror reports for it (<c>A</c> alive, else D/F/S/R/U).</summary>
public readonly record struct MirrorPartHealth(LogicalVolume Lv, char Health)
{
    public bool Failed => Health != 'A';
}

/// <summary>
/// What the live mirror of an LV says about its images and its disk log, matched to the sub-LVs by device number
/// (LVM2's <c>_mirrored_transient_status</c>, which <c>lvconvert --repair</c> runs first): an image or log whose
/// health is not <c>A</c> failed, even when its PV is present (a transient failure).
/// </summary>
public sealed record MirrorHealth(IReadOnlyList<MirrorPartHealth> Images, MirrorPartHealth? Log)
{
    public IEnumerable<LogicalVolume> FailedImages => Images.Where(i => i.Failed).Select(i => i.Lv);

    public bool LogFailed => Log is { Failed: true };

    /// <summary>The health of the LV's mirror (its first mirror segment), or null when it has no live mirror table.</summary>
    public static MirrorHealth? Read(IDeviceMapper dm, VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(dm);
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        if (lv.Segments is not [MirrorSegment { MirrorCount: > 1 } mirror])
        {
            return null;
        }
        var name = LvDmNames.Name(vg.Name, lv.Name);
        if (dm.TryGetInfo(name) is not { HasLiveTable: true })
        {
            return null;
        }
        string? line = dm.GetStatus(name).FirstOrDefault(l => l.Split(' ') is [_, _, "mirror", ..]);
        if (line is null || !TryParse(line, out var legs, out var legHealth, out var log))
        {
            return null;
        }
        var images = new List<MirrorPartHealth>();
        foreach (var area in mirror.AreaList.OfType<LvArea>())
        {
            var number = dm.TryGetInfo(LvDmNames.Name(vg.Name, area.Lv.Name))?.Number;
            int i = number is { } n ? legs.IndexOf(n) : -1;
            images.Add(new MirrorPartHealth(area.Lv, i >= 0 ? legHealth[i] : 'U'));
        }
        MirrorPartHealth? logHealth = mirror.MirrorLog is { } logLv && log is { } h ? new MirrorPartHealth(logLv, h) : null;
        return new MirrorHealth(images, logHealth);
    }

    /// <summary>"start len mirror &lt;n&gt; &lt;dev&gt;… &lt;sync&gt;/&lt;regions&gt; 1 &lt;chars&gt; (1 core | 3 disk &lt;dev&gt; &lt;health&gt;)".</summary>
    internal static bool TryParse(string line, out List<DeviceNumber> legs, out string health, out char? logHealth)
    {
        ArgumentNullException.ThrowIfNull(line);
        legs = [];
        health = "";
        logHealth = null;
        string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 4 || t[2] != "mirror" || !int.TryParse(t[3], System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1 || t.Length < 4 + n + 3)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (!DeviceNumber.TryParse(t[4 + i], out var d))
            {
                return false;
            }
            legs.Add(d);
        }
        health = t[4 + n + 2];
        if (health.Length != n)
        {
            return false;
        }
        int rest = 4 + n + 3;
        if (t.Length >= rest + 4 && t[rest + 1] == "disk" && t[rest + 3].Length == 1)
        {
            logHealth = t[rest + 3][0];
        }
        return true;
    }
}
