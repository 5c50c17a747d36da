using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Operations.Vg;

/// <summary>vgchange: tags, resizeable, allocation policy and limits, one transaction per VG.</summary>
public static class VgChange
{
    public static IReadOnlyList<string> Run(SystemContext ctx, IReadOnlyList<string> names, VgChangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChangesNothing)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Need one or more command options.");
        }
        foreach (string tag in options.AddTags.Concat(options.DelTags))
        {
            Tags.Validate(tag);
        }
        List<VgName> vgs = [.. names.Select(VgNames.ParseExisting)];
        if (vgs.Count == 0)
        {
            vgs = [.. ctx.Scan(ctx.Devices).Vgs.Select(v => v.Vg.Name)];
        }
        var lines = new List<string>();
        foreach (VgName name in vgs)
        {
            VgTransaction.Update(ctx, name, vg => Apply(vg, options), handlesMissingPvs: true);
            lines.Add($"Volume group \"{name}\" successfully changed");
        }
        return lines;
    }

    private static void Apply(VolumeGroup vg, VgChangeOptions o)
    {
        Tags.Apply(vg.Tags, o.AddTags, o.DelTags);
        if (o.Resizeable is { } resizeable)
        {
            vg.Status = resizeable ? vg.Status | VgStatus.Resizeable : vg.Status & ~VgStatus.Resizeable;
        }
        if (o.Allocation is { } policy)
        {
            vg.AllocationPolicy = policy;
        }
        if (o.MaxLv is { } maxLv)
        {
            int lvs = vg.LogicalVolumes.Count(lv => lv.IsVisible);
            if (maxLv != 0 && maxLv < lvs)
            {
                throw new StorageException(ErrorCode.InvalidArgument, $"MaxLogicalVolume is less than the current number {lvs} of LVs for {vg.Name}");
            }
            vg.MaxLv = maxLv;
        }
        if (o.MaxPv is { } maxPv)
        {
            if (maxPv != 0 && maxPv < vg.PhysicalVolumes.Count)
            {
                throw new StorageException(ErrorCode.InvalidArgument,
                    $"MaxPhysicalVolumes is less than the current number {vg.PhysicalVolumes.Count} of PVs for \"{vg.Name}\"");
            }
            vg.MaxPv = maxPv;
        }
    }
}
