using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Format.Disk;

/// <summary>
/// Reads VGs from many devices: every committed copy of every non-ignored metadata area is read and
/// summarised by the caller's summariser; per VG id the copy with the highest seqno wins and the others
/// are listed as stale. A PV belongs to a VG when the newest text names its uuid (the dashed form in
/// quotes, as <c>id = "..."</c> of a physical_volumes entry); PVs no VG names are orphans.
/// </summary>
public static class VgDiskScanner
{
    public static VgScanResult Scan(IEnumerable<IBlockDevice> devices, Func<ReadOnlyMemory<byte>, VgTextSummary> summarize)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(summarize);
        var pvs = new List<PhysicalVolumeDisk>();
        var problems = new List<StorageException>();
        var copies = new List<(MetadataCopy Copy, VgTextSummary Summary)>();
        foreach (var device in devices)
        {
            PhysicalVolumeDisk? pv;
            try
            {
                if (!PhysicalVolumeDisk.TryOpen(device, out pv))
                {
                    continue;
                }
            }
            catch (StorageException e)
            {
                problems.Add(e);
                continue;
            }
            pvs.Add(pv);
            foreach (var area in pv.MetadataAreas)
            {
                try
                {
                    var copy = area.ReadCommitted();
                    if (copy is not null)
                    {
                        copies.Add((copy, summarize(copy.Text)));
                    }
                }
                catch (StorageException e)
                {
                    problems.Add(e);
                }
            }
        }

        var vgs = new List<ScannedVg>();
        foreach (var group in copies.GroupBy(c => c.Summary.VgId, StringComparer.Ordinal))
        {
            var newest = group.MaxBy(c => c.Summary.Seqno);
            var stale = group
                .Where(c => c.Summary.Seqno != newest.Summary.Seqno || c.Copy.Location.Checksum != newest.Copy.Location.Checksum)
                .Select(c => new StaleCopy(c.Copy.Device, c.Copy.MdaIndex, c.Summary.Seqno))
                .ToList();
            var members = pvs.Where(p => Names(newest.Copy.Text.Span, p.Label.PvUuid)).ToList();
            vgs.Add(new ScannedVg(newest.Summary.VgName, newest.Summary.VgId, newest.Summary.Seqno, newest.Copy, stale, members));
        }
        var orphans = pvs.Where(p => !vgs.Any(vg => vg.Pvs.Contains(p))).ToList();
        return new VgScanResult(vgs, orphans, pvs, problems);
    }

    private static bool Names(ReadOnlySpan<byte> text, string pvUuid) =>
        text.IndexOf(Encoding.ASCII.GetBytes("\"" + PvUuid.Dashed(pvUuid) + "\"")) >= 0;
}
