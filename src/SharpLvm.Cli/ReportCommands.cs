using System.CommandLine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Reports;

namespace SharpLvm.Cli;

/// <summary><c>pvs</c>, <c>vgs</c>, <c>lvs</c>: scan the devices, build the report, print it.</summary>
internal static class ReportCommands
{
    public static Command Create(string name, string description, ReportKind kind, CliContext context)
    {
        var command = new Command(name, description);
        var devices = new DeviceOptions();
        devices.AddTo(command);
        var columns = new Option<string[]>("--options", "-o") { Description = "Fields to show; +field,... appends to the defaults.", Arity = ArgumentArity.OneOrMore };
        var sort = new Option<string[]>("--sort", "-O") { Description = "Sort keys; -field for descending.", Arity = ArgumentArity.OneOrMore };
        var units = new Option<string>("--units") { Description = "r|R|h|H|b|B|s|S|k|K|m|M|g|G|t|T|p|P|e|E" };
        var noSuffix = new Option<bool>("--nosuffix") { Description = "No unit suffix on sizes (not with h/H/r/R)." };
        var noHeadings = new Option<bool>("--noheadings") { Description = "No heading line." };
        var separator = new Option<string>("--separator") { Description = "Separate columns with this string instead of aligning them." };
        var aligned = new Option<bool>("--aligned") { Description = "Align columns even with --separator." };
        var reportFormat = new Option<string>("--reportformat") { Description = "basic or json." };
        reportFormat.AcceptOnlyFromAmong("basic", "json");
        var all = new Option<bool>("--all", "-a") { Description = "Include hidden (internal) LVs." };
        var names = new Argument<string[]>("VG") { Arity = ArgumentArity.ZeroOrMore, Description = "Restrict to these VGs (or VG/LV for lvs)." };
        foreach (Option option in new Option[] { columns, sort, units, noSuffix, noHeadings, separator, aligned, reportFormat })
        {
            command.Add(option);
        }
        if (kind == ReportKind.Lvs)
        {
            command.Add(all);
        }
        command.Add(names);
        command.SetAction(parse =>
        {
            CheckNames(parse.GetValue(names));
            using DeviceMapper.Engine.IDeviceHost? host = kind == ReportKind.Lvs ? LiveHost.TryConnect() : null;
            var options = new ReportOptions
            {
                Live = host is null ? null : new Activation.HostLvSource(host),
                Columns = parse.GetValue(columns) ?? [],
                Sort = parse.GetValue(sort) ?? [],
                Units = parse.GetValue(units) is { } u ? Units.Parse(u) : Units.Default,
                Suffix = !parse.GetValue(noSuffix),
                Headings = !parse.GetValue(noHeadings),
                Separator = parse.GetValue(separator),
                Aligned = parse.GetValue(aligned),
                Json = parse.GetValue(reportFormat) == "json",
                All = parse.GetValue(all),
                LvNames = kind == ReportKind.Lvs ? (parse.GetValue(names) ?? []).Where(n => n.Contains('/', StringComparison.Ordinal)).ToList() : [],
                PvNames = kind == ReportKind.Pvs ? (parse.GetValue(names) ?? []).Select(Path.GetFullPath).ToList() : [],
            };
            // Validate the fields before touching any device.
            ReportBuilder.ResolveColumns(kind, options.Columns);
            ScanResult scan = LockedScan.Scan(Config.SystemDir.Resolve(), devices.Resolve(parse));
            List<LoadedVg> selected = Select(scan, parse.GetValue(names) ?? [], kind, out var orphans);
            // LVM2 does not list an outdated PV (one that left a VG but still holds its old metadata) as an orphan.
            orphans = [.. orphans.Where(o => !scan.Vgs.Any(v => v.OutdatedPvs.Contains(o.Path)))];
            foreach (LoadedVg vg in kind == ReportKind.Pvs ? scan.Vgs : selected)
            {
                foreach (string line in MissingPvWarnings.For(vg))
                {
                    context.Warn(line);
                }
            }
            ReportTable table = ReportBuilder.Build(kind, options, selected, orphans);
            ReportWriter.Write(table, options, context.Output);
            return 0;
        });
        return command;
    }

    /// <summary>An unknown option lands among the names: report it as LVM2 does (exit 3).</summary>
    internal static void CheckNames(string[]? names)
    {
        foreach (string name in names ?? [])
        {
            if (name.StartsWith('-'))
            {
                throw new StorageException(ErrorCode.InvalidArgument, $"Unrecognised option: {name}");
            }
        }
    }

    private static List<LoadedVg> Select(ScanResult scan, string[] names, ReportKind kind, out IReadOnlyList<ScannedPv> orphans)
    {
        orphans = names.Length == 0 || kind == ReportKind.Pvs ? scan.Orphans : [];
        if (names.Length == 0)
        {
            return [.. scan.Vgs];
        }
        if (kind == ReportKind.Pvs)
        {
            // pvs names devices: each must be a PV the scan found, as LVM2 requires.
            foreach (string name in names)
            {
                string path = Path.GetFullPath(name);
                if (!scan.Orphans.Any(o => o.Path == path) && !scan.Vgs.Any(v => v.Devices.Any(d => d?.Path == path)))
                {
                    throw File.Exists(path)
                        ? new StorageException(ErrorCode.NotFound, $"Failed to find physical volume \"{name}\".")
                        : new StorageException(ErrorCode.NotFound, $"Cannot use {name}: device not found");
                }
            }
            return [.. scan.Vgs];
        }
        var result = new List<LoadedVg>();
        foreach (string name in names)
        {
            string vgName = kind == ReportKind.Lvs && name.Contains('/', StringComparison.Ordinal) ? name[..name.IndexOf('/', StringComparison.Ordinal)] : name;
            LoadedVg vg = scan.Vgs.FirstOrDefault(v => v.Vg.Name.Value == vgName)
                ?? throw new StorageException(ErrorCode.NotFound, $"Volume group \"{vgName}\" not found", $"Cannot process volume group {vgName}");
            if (vgName.Length < name.Length && vg.Vg.FindLv(name[(vgName.Length + 1)..]) is null)
            {
                throw new StorageException(ErrorCode.NotFound, $"Failed to find logical volume \"{name}\"");
            }
            if (!result.Contains(vg))
            {
                result.Add(vg);
            }
        }
        return result;
    }
}
