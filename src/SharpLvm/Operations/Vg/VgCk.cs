using System.Globalization;
using SharpLvm.Config;
using SharpLvm.Format.Disk;
using SharpLvm.Metadata;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>
/// vgck: checks each VG as the scan read it, as LVM2 checks on import, plus the copies' consistency (from the
/// scan's record of stale copies, without reading the devices again): every PV present with PV_EXT_USED, every
/// metadata copy at the same seqno, no commit left halfway, every area inside its PV, no extent used twice.
/// Returns the problems found (empty when the VG is clean).
/// </summary>
public static class VgCk
{
    public static IReadOnlyList<string> Check(SystemContext ctx, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(names);
        ScanResult scan = ctx.Scan(ctx.Devices);
        List<LoadedVg> vgs = names.Count == 0 ? [.. scan.Vgs] : [.. names.Select(n => VgTransaction.Find(scan, VgNames.ParseExisting(n)))];
        var problems = new List<string>();
        foreach (LoadedVg vg in vgs)
        {
            // LVM2 warns about a PV that left the VG but still holds its old metadata (an outdated PV) and succeeds.
            if (ctx.Warn is { } warn)
            {
                MissingPvWarnings.Outdated(vg).ToList().ForEach(warn);
            }
            problems.AddRange(Check(vg, includeOutdated: false));
        }
        return problems;
    }

    /// <summary>
    /// vgck --updatemetadata: rewrites each VG (all of them when <paramref name="names"/> is empty) at the next
    /// seqno on every metadata area of its PVs, which mends stale copies a crash left, sets PV_EXT_USED where it
    /// is missing and wipes the metadata of PVs that left the VG. Returns the warnings about what was mended.
    /// </summary>
    public static IReadOnlyList<string> UpdateMetadata(SystemContext ctx, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(names);
        List<VgName> vgs = names.Count == 0 ? [.. ctx.Scan(ctx.Devices).Vgs.Select(v => v.Vg.Name)] : [.. names.Select(VgNames.ParseExisting)];
        var lines = new List<string>();
        foreach (VgName name in vgs)
        {
            lines.AddRange(VgTransaction.Edit(ctx, name, u => Check(u.Loaded).ToList()));
        }
        return lines;
    }

    /// <summary>The VG's problems; <paramref name="includeOutdated"/>: also the stale copies on PVs that left the VG.</summary>
    public static IEnumerable<string> Check(LoadedVg loaded, bool includeOutdated = true)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        VolumeGroup vg = loaded.Vg;
        if (loaded.MissingPvCount > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"The volume group is missing {loaded.MissingPvCount} physical volumes.");
        }
        // What the scan saw: no device is read again.
        foreach (ScannedPv device in loaded.Devices.OfType<ScannedPv>())
        {
            if (!device.InVg)
            {
                yield return $"PV {device.Path} of VG {vg.Name} does not have the PV_EXT_USED flag.";
            }
            foreach (MdaInfo mda in device.Mdas.Where(m => m.UncommittedPrecommit))
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"WARNING: metadata area at offset {mda.Start} on {device.Path} has an uncommitted precommitted copy.");
            }
        }
        foreach (StaleCopy stale in loaded.StaleCopies.Where(c => includeOutdated || !loaded.OutdatedPvs.Contains(c.Device)))
        {
            ulong offset = loaded.Devices.FirstOrDefault(d => d?.Path == stale.Device)?.Mdas.ElementAtOrDefault(stale.MdaIndex)?.Start ?? 0;
            string what = stale.Seqno == vg.Seqno
                ? string.Create(CultureInfo.InvariantCulture, $"differs from the other copies of seqno {vg.Seqno}")
                : string.Create(CultureInfo.InvariantCulture, $"has seqno {stale.Seqno}, expected {vg.Seqno}");
            yield return string.Create(CultureInfo.InvariantCulture,
                $"WARNING: Inconsistent metadata found for VG {vg.Name}: metadata area at offset {offset} on {stale.Device} {what}.");
        }
        foreach (string problem in CheckExtents(vg))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> CheckExtents(VolumeGroup vg)
    {
        var owners = new Dictionary<(PhysicalVolume, uint), string>();
        foreach (LogicalVolume lv in vg.LogicalVolumes)
        {
            foreach (LvSegment seg in lv.Segments)
            {
                uint length = Pv.PvResize.PvAreaLength(seg);
                foreach (PvArea area in seg.AreaList.OfType<PvArea>())
                {
                    if ((ulong)area.StartExtent.Value + length > area.Pv.PeCount)
                    {
                        yield return string.Create(CultureInfo.InvariantCulture,
                            $"LV {vg.Name}/{lv.Name} segment at {seg.StartExtent.Value} lies beyond the end of PV {area.Pv.Key} ({area.Pv.PeCount} extents).");
                        continue;
                    }
                    for (uint pe = area.StartExtent.Value; pe < area.StartExtent.Value + length; pe++)
                    {
                        if (!owners.TryAdd((area.Pv, pe), lv.Name.Value))
                        {
                            yield return string.Create(CultureInfo.InvariantCulture,
                                $"Extent {pe} of PV {area.Pv.Key} is used by both {owners[(area.Pv, pe)]} and {lv.Name} in VG {vg.Name}.");
                            break;
                        }
                    }
                }
            }
        }
    }
}
