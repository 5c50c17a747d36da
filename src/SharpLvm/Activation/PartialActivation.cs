using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Reports;

namespace SharpLvm.Activation;

/// <summary>
/// LVM2's rule for activating LVs of a VG with missing PVs: an LV that does not touch them activates normally; a partial
/// LV (an area on a missing PV, itself or below it) is refused unless activation is partial ("Refusing activation of
/// partial LV vg/lv.  Use '--activationmode partial' to override."), and then its missing areas map to error devices.
/// </summary>
public static class PartialActivation
{
    /// <summary>The LVs of <paramref name="chosen"/> that activation must refuse: the partial ones, unless activation is partial.</summary>
    public static List<LogicalVolume> Refused(LoadedVg loaded, IEnumerable<LogicalVolume> chosen, ActivationOptions options)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(options);
        return options.PartialActivation ? [] : [.. chosen.Where(lv => LvDisplay.IsPartial(loaded, lv))];
    }

    /// <summary>LVM2's refusal of a partial LV.</summary>
    public static StorageException Refusal(VolumeGroup vg, LogicalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(lv);
        return new StorageException(ErrorCode.InvalidState,
            $"Refusing activation of partial LV {vg.Name}/{lv.Name}.  Use '--activationmode partial' to override.");
    }
}
