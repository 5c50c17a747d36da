using System.CommandLine;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Cli;

/// <summary>
/// The <c>sharplvm</c> command line: LVM2's command names as sub-commands. Parses, calls the library, prints.
/// Reports go to stdout; errors are one line on stderr ("  message", like LVM2) with LVM2's exit codes
/// (3 invalid command line, 5 failed).
/// </summary>
public static class CliApp
{
    public const int ExitInvalidCommandLine = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <summary>Runs a command whose PV/VG/LV commands open devices through <paramref name="openDevice"/> (tests inject faults there).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DeviceOpener? openDevice)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdout, stderr, args) { OpenDevice = openDevice };
        RootCommand root = BuildRoot(context);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as LVM2 prints it: the first line of the first error.
            stderr.WriteLine("  " + parse.Errors[0].Message.Split('\n')[0].TrimEnd());
            return ExitInvalidCommandLine;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (StorageException e)
        {
            stderr.WriteLine("  " + e.OneLine);
            return e.ExitCode;
        }
    }

    private static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("sharplvm: LVM2-compatible logical volume manager (image files or block devices)");
        root.Add(ReportCommands.Create("pvs", "Display information about physical volumes", Reports.ReportKind.Pvs, context));
        root.Add(ReportCommands.Create("vgs", "Display information about volume groups", Reports.ReportKind.Vgs, context));
        root.Add(ReportCommands.Create("lvs", "Display information about logical volumes", Reports.ReportKind.Lvs, context));
        root.Add(VgcfgbackupCommand.Create(context));
        root.Add(PvckCommand.Create(context));
        root.Add(VerifyTraceCommand.Create(context));
        root.Add(GenerateCommand.Create(context));
        root.Add(Daemon.DaemonCommand.Create(context));
        root.Add(Dmsetup.DmsetupCommand.Create(context));
        PvVgCommands.AddTo(root, context);
        LvCommands.AddTo(root, context);
        root.SetAction(_ =>
        {
            context.Error.WriteLine("  No command given: use one of pvs, vgs, lvs, vgcfgbackup, pvck (--help for more).");
            return ExitInvalidCommandLine;
        });
        return root;
    }
}

/// <summary>Where a command prints, and the command line it was given (for metadata descriptions).</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, IReadOnlyList<string> Args)
{
    /// <summary>How the commands open devices (null: the files themselves).</summary>
    public DeviceOpener? OpenDevice { get; init; }

    /// <summary>Prints a warning on stderr as LVM2 does ("  WARNING: …").</summary>
    public void Warn(string line) => Error.WriteLine("  " + line);

    /// <summary>The command line as LVM2 records it in descriptions: "vgcfgbackup -f x vg".</summary>
    public string CommandLine => string.Join(' ', Args);
}
