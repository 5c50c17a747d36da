using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;
using D = SharpLvm.Operations.DisplayText;

namespace SharpLvm.Operations.Pv;

/// <summary>pvdisplay's full layout (LVM2's pvdisplay_full), for PVs of VGs and for orphans ("NEW Physical volume").</summary>
public static class PvDisplay
{
    public static IEnumerable<string> Show(ScanResult scan, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(paths);
        var wanted = paths.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (LoadedVg vg in scan.Vgs)
        {
            foreach (PhysicalVolume pv in vg.Vg.PhysicalVolumes)
            {
                string name = vg.PvName(pv);
                if (wanted.Count == 0 || wanted.Contains(name))
                {
                    lines.AddRange(InVg(vg, pv));
                    seen.Add(name);
                }
            }
        }
        foreach (ScannedPv orphan in scan.Orphans.Where(o => wanted.Count == 0 || wanted.Contains(o.Path)))
        {
            lines.AddRange(Orphan(orphan));
            seen.Add(orphan.Path);
        }
        foreach (string missing in wanted.Where(w => !seen.Contains(w)))
        {
            throw new DeviceMapper.Errors.StorageException(DeviceMapper.Errors.ErrorCode.NotFound, $"Failed to find physical volume \"{missing}\".");
        }
        return lines;
    }

    private static IEnumerable<string> InVg(LoadedVg loaded, PhysicalVolume pv)
    {
        VolumeGroup vg = loaded.Vg;
        uint allocated = VgStats.Of(vg).Allocated(pv);
        ulong extent = vg.ExtentSize.Value;
        ulong data = pv.PeCount * extent;
        ulong size = pv.DevSize.Value;
        string sizeText = size > data ? $"{D.Size(size)} / not usable {D.Size(size - data)}" : D.Size(size);
        bool allocatable = (pv.Status & PvStatus.Allocatable) != 0;
        yield return "  --- Physical volume ---";
        yield return D.Line("PV Name", loaded.PvName(pv));
        yield return D.Line("VG Name", vg.Name.Value);
        yield return D.Line("PV Size", sizeText);
        yield return D.Line("Allocatable", allocatable ? (allocated == pv.PeCount ? "yes (but full)" : "yes ") : "NO");
        yield return D.Line("PE Size", D.Size(extent));
        yield return D.Line("Total PE", pv.PeCount);
        yield return D.Line("Free PE", pv.PeCount - allocated);
        yield return D.Line("Allocated PE", allocated);
        yield return D.Line("PV UUID", pv.Id.ToString());
        yield return "   ";
    }

    private static IEnumerable<string> Orphan(ScannedPv pv)
    {
        yield return $"  \"{pv.Path}\" is a new physical volume of \"{D.Size(pv.DevSize.Value)}\"";
        yield return "  --- NEW Physical volume ---";
        yield return D.Line("PV Name", pv.Path);
        yield return D.Line("VG Name", string.Empty);
        yield return D.Line("PV Size", D.Size(pv.DevSize.Value));
        yield return D.Line("Allocatable", "NO");
        yield return D.Line("PE Size", D.Size(0));
        yield return D.Line("Total PE", 0);
        yield return D.Line("Free PE", 0);
        yield return D.Line("Allocated PE", 0);
        yield return D.Line("PV UUID", LvmUuid.Parse(pv.PvId).ToString());
        yield return "   ";
    }
}
