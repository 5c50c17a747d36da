using System.Text;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Dmsetup;

/// <summary><c>dmsetup ls</c>, <c>ls --tree</c>, <c>deps</c> and <c>targets</c>.</summary>
public static class DmsetupList
{
    /// <summary>What dmsetup prints instead of a listing when there are no devices.</summary>
    public const string NoDevices = "No devices found";

    /// <summary>"name\t(major:minor)" per device in name order, or "No devices found".</summary>
    public static IReadOnlyList<string> Ls(IDeviceMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var devices = mapper.List();
        return devices.Count == 0 ? [NoDevices] : [.. devices.Select(d => $"{d.Name}\t({d.Number})")];
    }

    /// <summary>
    /// DM_TABLE_DEPS order: the kernel's device list grows at its head, so the most recently first-referenced
    /// device comes first — the reverse of <see cref="IDeviceMapper.GetDependencies"/> (table order).
    /// </summary>
    public static IReadOnlyList<DeviceNumber> KernelDepsOrder(IDeviceMapper mapper, DmName name)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return [.. mapper.GetDependencies(name).Reverse()];
    }

    /// <summary>"N dependencies\t: (major, minor) ...", prefixed "name: " when several devices are listed.</summary>
    public static string Deps(IDeviceMapper mapper, DmName name, bool prefixName = false)
    {
        var deps = KernelDepsOrder(mapper, name);
        var sb = new StringBuilder();
        if (prefixName)
        {
            sb.Append(name.Value).Append(": ");
        }
        sb.Append(deps.Count).Append(" dependencies\t:");
        foreach (var d in deps)
        {
            sb.Append(" (").Append(d.Major).Append(", ").Append(d.Minor).Append(')');
        }
        return sb.ToString();
    }

    /// <summary>"%-16s v%d.%d.%d" per target type.</summary>
    public static IReadOnlyList<string> Targets(IEnumerable<TargetVersion> versions) =>
        [.. versions.Select(v => $"{v.Name,-16} v{v.Major}.{v.Minor}.{v.Patch}")];

    /// <summary>
    /// <c>dmsetup ls --tree</c>: roots are devices no other device's live table uses, in name order; children
    /// in DM_TABLE_DEPS order; a non-dm leaf prints as " (M:m)". ASCII branches unless <paramref name="utf8"/>.
    /// </summary>
    public static IReadOnlyList<string> Tree(IDeviceMapper mapper, bool utf8 = false)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var devices = mapper.List();
        if (devices.Count == 0)
        {
            return [NoDevices];
        }
        var byNumber = devices.ToDictionary(d => d.Number);
        var children = devices.ToDictionary(d => d.Number, d => KernelDepsOrder(mapper, d.Name));
        var used = children.Values.SelectMany(c => c).Where(byNumber.ContainsKey).ToHashSet();
        var lines = new List<string>();
        foreach (var root in devices.Where(d => !used.Contains(d.Number)))
        {
            Walk(root.Number, "", 0, last: true);
        }
        return lines;

        void Walk(DeviceNumber number, string prefix, int depth, bool last)
        {
            string label = byNumber.TryGetValue(number, out var info) ? $"{info.Name} ({number})" : $" ({number})";
            string branch = depth == 0 ? "" : " " + (utf8 ? (last ? "└─" : "├─") : (last ? "`-" : "|-"));
            lines.Add(prefix + branch + label);
            if (!children.TryGetValue(number, out var kids))
            {
                return;
            }
            string childPrefix = depth == 0 ? "" : prefix + " " + (last ? "  " : utf8 ? "│ " : "| ");
            for (int i = 0; i < kids.Count; i++)
            {
                Walk(kids[i], childPrefix, depth + 1, i == kids.Count - 1);
            }
        }
    }
}
