using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;
using D = SharpLvm.Operations.DisplayText;

namespace SharpLvm.Operations.Vg;

/// <summary>vgdisplay's full layout (LVM2's vgdisplay_full).</summary>
public static class VgDisplay
{
    public static IEnumerable<string> Show(ScanResult scan, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(names);
        var lines = new List<string>();
        IEnumerable<LoadedVg> vgs = names.Count == 0 ? scan.Vgs : names.Select(n => VgTransaction.Find(scan, VgNames.ParseExisting(n)));
        foreach (LoadedVg vg in vgs)
        {
            lines.AddRange(Full(vg));
        }
        if (lines.Count == 0)
        {
            throw new StorageException(ErrorCode.NotFound, "No volume groups found.");
        }
        return lines;
    }

    private static IEnumerable<string> Full(LoadedVg loaded)
    {
        VolumeGroup vg = loaded.Vg;
        VgStats stats = VgStats.Of(vg);
        ulong extent = vg.ExtentSize.Value;
        yield return "  --- Volume group ---";
        yield return D.Line("VG Name", vg.Name.Value);
        yield return D.Line("System ID", vg.SystemId ?? string.Empty);
        yield return D.Line("Format", "lvm2");
        yield return D.Line("Metadata Areas", (ulong)loaded.Mdas.Count(m => !m.Ignored));
        yield return D.Line("Metadata Sequence No", vg.Seqno);
        yield return D.Line("VG Access", ((vg.Status & VgStatus.Read) != 0 ? "read" : "") + ((vg.Status & VgStatus.Write) != 0 ? "/write" : ""));
        yield return D.Line("VG Status", ((vg.Status & VgStatus.Exported) != 0 ? "exported/" : "") + ((vg.Status & VgStatus.Resizeable) != 0 ? "resizable" : ""));
        yield return D.Line("MAX LV", vg.MaxLv);
        yield return D.Line("Cur LV", stats.VisibleLvCount);
        yield return D.Line("Open LV", 0);
        yield return D.Line("Max PV", vg.MaxPv);
        yield return D.Line("Cur PV", (ulong)vg.PhysicalVolumes.Count);
        yield return D.Line("Act PV", (ulong)(vg.PhysicalVolumes.Count - loaded.MissingPvCount));
        yield return D.Line("VG Size", D.Size(stats.ExtentCount * extent));
        yield return D.Line("PE Size", D.Size(extent));
        yield return D.Line("Total PE", stats.ExtentCount);
        yield return D.Line("Alloc PE / Size", $"{stats.AllocatedCount} / {D.Size(stats.AllocatedCount * extent)}");
        yield return D.Line("Free  PE / Size", $"{stats.FreeCount} / {D.Size(stats.FreeCount * extent)}");
        yield return D.Line("VG UUID", vg.Id.ToString());
        yield return "   ";
    }
}
