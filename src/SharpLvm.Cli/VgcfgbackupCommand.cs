using System.CommandLine;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;
using SharpLvm.Metadata;

namespace SharpLvm.Cli;

/// <summary>
/// <c>vgcfgbackup [-f FILE] [VG...]</c>: writes each VG's metadata in the backup-file form, to FILE
/// (a "%s" in it is replaced by the VG name) or to <c>&lt;system dir&gt;/backup/VG</c>.
/// </summary>
internal static class VgcfgbackupCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("vgcfgbackup", "Back up volume group configuration(s)");
        var devices = new DeviceOptions();
        devices.AddTo(command);
        var file = new Option<string>("--file", "-f") { Description = "Write the backup here (%s = VG name)." };
        var names = new Argument<string[]>("VG") { Arity = ArgumentArity.ZeroOrMore };
        command.Add(file);
        command.Add(names);
        command.SetAction(parse =>
        {
            string[] wanted = parse.GetValue(names) ?? [];
            ReportCommands.CheckNames(wanted);
            string? target = parse.GetValue(file);
            ScanResult scan = VgReader.Scan(devices.Resolve(parse));
            List<LoadedVg> vgs = wanted.Length == 0 ? [.. scan.Vgs] : [.. wanted.Select(n => scan.Vgs.FirstOrDefault(v => v.Vg.Name.Value == n)
                ?? throw new StorageException(ErrorCode.NotFound, $"Volume group \"{n}\" not found"))];
            if (vgs.Count == 0)
            {
                throw new StorageException(ErrorCode.NotFound, "No volume groups found.");
            }
            if (target is not null && vgs.Count > 1 && !target.Contains("%s", StringComparison.Ordinal))
            {
                throw new StorageException(ErrorCode.InvalidArgument, "Multiple VGs to back up: the file name needs a %s for the VG name.");
            }
            string description = context.CommandLine;
            foreach (LoadedVg vg in vgs)
            {
                string name = vg.Vg.Name.Value;
                string path = target?.Replace("%s", name, StringComparison.Ordinal)
                    ?? Path.Combine(SystemDir.Resolve(), "backup", name);
                string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
                if (dir is not null)
                {
                    Directory.CreateDirectory(dir);
                }
                string text = VgText.WriteBackup(vg.Vg, VgTextHeader.ForThisHost(description));
                string tmp = path + ".tmp";
                File.WriteAllText(tmp, text);
                File.Move(tmp, path, overwrite: true);
                context.Output.WriteLine($"  Volume group \"{name}\" successfully backed up.");
            }
            return 0;
        });
        return command;
    }
}
