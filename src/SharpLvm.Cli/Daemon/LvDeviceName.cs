using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.Model;

namespace SharpLvm.Cli.Daemon;

/// <summary>
/// Recognises the device of a visible LV among the engine's devices: a uuid of "LVM-" + VG id + LV id (no layer
/// suffix) and a name that splits (<see cref="LvDmNames.TrySplit"/>) into VG and LV with no layer, where the LV
/// name is one a user may give (<see cref="NameRules.CheckUserLvRestrictions"/>: hidden sub-LVs are not).
/// </summary>
internal static class LvDeviceName
{
    /// <summary>"vg/lv" for the device of a visible LV, else null.</summary>
    public static string? ExportName(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Uuid is not { } uuid || uuid.Value.Length != LvDmNames.LvUuidLength
            || !uuid.Value.StartsWith(LvDmNames.UuidPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        return LvDmNames.TrySplit(info.Name.Value, out string vg, out string lv, out string layer)
            && layer.Length == 0 && NameRules.CheckUserLvRestrictions(lv) is null
            ? $"{vg}/{lv}"
            : null;
    }
}
