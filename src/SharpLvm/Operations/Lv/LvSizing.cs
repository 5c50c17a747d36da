using SharpLvm.Allocation;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>Turns a <see cref="SizeSpec"/> into extents as LVM2 does (rounding up to whole extents and stripes, with its notes).</summary>
public static class LvSizing
{
    /// <summary>The extent count a size or percentage stands for (the sign is the caller's business).</summary>
    public static uint ToExtents(VolumeGroup vg, SizeSpec spec, IReadOnlyList<PvCandidate> pvs, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pvs);
        ArgumentNullException.ThrowIfNull(output);
        if (spec.Size is { } size)
        {
            ulong es = vg.ExtentSize.Value;
            ulong extents = (size.Value + es - 1) / es;
            if (size.Value % es != 0)
            {
                output.Warn($"Rounding up size to full physical extent {DisplaySize.Format(new Sectors(extents * es))}");
            }
            return extents > uint.MaxValue
                ? throw new StorageException(ErrorCode.InvalidArgument, $"Size {DisplaySize.Format(size)} is too large for volume group \"{vg.Name}\".")
                : (uint)extents;
        }
        (uint total, uint free) = LvLayout.Counts(vg);
        ulong basis = spec.Percent switch
        {
            SizePercent.None => 0,
            SizePercent.Vg => total,
            SizePercent.Free => free,
            SizePercent.Pvs => new FreeSpaceMap(vg).TotalFree(pvs),
            _ => throw new StorageException(ErrorCode.InvalidArgument, "%ORIGIN is only for snapshots."),
        };
        if (spec.Percent == SizePercent.None)
        {
            return spec.Extents;
        }
        // LVM2 treats a percentage as approximate (lp->approx_alloc): it never asks for more than the
        // listed PVs can give, so "-l 100%FREE vg pvX" takes what pvX has.
        ulong wanted = ((basis * spec.Extents) + 99) / 100;
        return (uint)Math.Min(wanted, new FreeSpaceMap(vg).TotalFree(pvs));
    }

    /// <summary>Rounds up to a multiple of the stripes, with LVM2's note.</summary>
    public static uint RoundToStripes(VolumeGroup vg, uint extents, int stripes, LvOutput output)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(output);
        uint s = (uint)stripes;
        if (stripes <= 1 || extents % s == 0)
        {
            return extents;
        }
        uint rounded = (extents + s - 1) / s * s;
        output.Warn($"Rounding size {DisplaySize.Format(new Extents(extents).ToSectors(vg.ExtentSize))} ({extents} extents) up to stripe boundary size {DisplaySize.Format(new Extents(rounded).ToSectors(vg.ExtentSize))} ({rounded} extents).");
        return rounded;
    }
}
