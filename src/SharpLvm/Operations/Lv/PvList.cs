using System.Globalization;
using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>
/// PV arguments of lvcreate/lvextend/lvconvert: <c>/dev/x</c>, <c>/dev/x:0-9</c>, <c>/dev/x:5</c>,
/// <c>/dev/x:0-9:20-</c>. Resolved against the VG through a path lookup; the same PV named twice has its
/// ranges joined; order is kept (LVM2 tries PVs in the order given).
/// </summary>
public static class PvList
{
    /// <param name="vg">The VG.</param>
    /// <param name="args">The arguments; empty means every PV of the VG.</param>
    /// <param name="pathOf">The device path of a PV of the VG (null when missing).</param>
    public static IReadOnlyList<PvCandidate> Resolve(VolumeGroup vg, IReadOnlyList<string> args, Func<PhysicalVolume, string?> pathOf)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(pathOf);
        if (args.Count == 0)
        {
            return PvCandidate.AllOf(vg);
        }
        var order = new List<PhysicalVolume>();
        var ranges = new Dictionary<PhysicalVolume, List<PeSpan>?>(ReferenceEqualityComparer.Instance);
        foreach (string arg in args)
        {
            string[] parts = arg.Split(':');
            string path = Path.GetFullPath(parts[0]);
            PhysicalVolume pv = vg.PhysicalVolumes.Find(p => pathOf(p) is { } own && Path.GetFullPath(own) == path)
                ?? throw new StorageException(ErrorCode.NotFound, $"Physical Volume \"{parts[0]}\" not found in Volume Group \"{vg.Name}\".");
            List<PeSpan>? spans = parts.Length == 1 ? null : [.. parts.Skip(1).Select(p => ParseRange(p, pv, arg))];
            if (!ranges.TryGetValue(pv, out List<PeSpan>? existing))
            {
                order.Add(pv);
                ranges[pv] = spans;
            }
            else if (existing is not null)
            {
                ranges[pv] = spans is null ? null : [.. existing, .. spans];
            }
        }
        return [.. order.Select(pv => new PvCandidate(pv, ranges[pv] is { } s ? FreeSpaceMap.Merge(s) : null))];
    }

    private static PeSpan ParseRange(string text, PhysicalVolume pv, string arg)
    {
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string first = dash < 0 ? text : text[..dash];
        string last = dash < 0 ? text : text[(dash + 1)..];
        uint start = first.Length == 0 ? 0 : Parse(first, arg);
        uint end = last.Length == 0 ? (pv.PeCount == 0 ? 0 : pv.PeCount - 1) : Parse(last, arg);
        if (end < start)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"PE range error: start extent {start} to end extent {end} in {arg}");
        }
        uint lastPe = Math.Min(end, pv.PeCount == 0 ? 0 : pv.PeCount - 1);
        return lastPe < start ? new PeSpan(start, 0) : new PeSpan(start, lastPe - start + 1);
    }

    private static uint Parse(string text, string arg) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint v) ? v
            : throw new StorageException(ErrorCode.InvalidArgument, $"Invalid PE range \"{text}\" in {arg}");
}
