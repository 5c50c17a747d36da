using System.CommandLine;
using SharpLvm.DeviceMapper.Dmsetup;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.Cli.Dmsetup;

/// <summary><c>dmsetup info, table, status, deps, ls, targets</c>: printed with the library's dmsetup formatters.</summary>
internal static class DmsetupReports
{
    public static void AddTo(Command dmsetup, CliContext context)
    {
        dmsetup.Add(InfoCommand(context));
        dmsetup.Add(TableCommand(context));
        dmsetup.Add(StatusCommand(context));
        dmsetup.Add(DepsCommand(context));
        dmsetup.Add(LsCommand(context));
        dmsetup.Add(TargetsCommand(context));
    }

    private static Argument<string?> OptionalName() => new("NAME") { Arity = ArgumentArity.ZeroOrOne, Description = "device name (all devices when absent)" };

    private static DmName? NameOf(ParseResult parse, Argument<string?> name) => parse.GetValue(name) is { } n ? DmName.Parse(n) : null;

    private static int Print(CliContext context, IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            context.Output.WriteLine(line);
        }
        return 0;
    }

    private static Command InfoCommand(CliContext context)
    {
        var command = new Command("info", "Device state (long form; -c for columns)");
        var name = OptionalName();
        var columns = new Option<bool>("--columns", "-c") { Description = "one line per device" };
        command.Add(name);
        command.Add(columns);
        command.SetAction(parse => DmsetupCommand.WithDaemon(client =>
        {
            var devices = NameOf(parse, name) is { } n
                ? [client.TryGetInfo(n) ?? throw new DeviceMapper.Errors.StorageException(DeviceMapper.Errors.ErrorCode.NotFound, $"Device {n} does not exist.")]
                : client.List();
            if (parse.GetValue(columns))
            {
                return Print(context, DmsetupInfo.Columns(devices));
            }
            if (devices.Count == 0)
            {
                return Print(context, [DmsetupList.NoDevices]);
            }
            foreach (var d in devices)
            {
                context.Output.Write(DmsetupInfo.Long(d).Replace("\n", context.Output.NewLine, StringComparison.Ordinal));
            }
            return 0;
        }));
        return command;
    }

    private static Command TableCommand(CliContext context)
    {
        var command = new Command("table", "The live (or --inactive) table");
        var name = OptionalName();
        var inactive = new Option<bool>("--inactive") { Description = "the inactive table" };
        command.Add(name);
        command.Add(inactive);
        command.SetAction(parse => DmsetupCommand.WithDaemon(client =>
            Print(context, DmsetupStatus.Table(client, NameOf(parse, name), parse.GetValue(inactive)))));
        return command;
    }

    private static Command StatusCommand(CliContext context)
    {
        var command = new Command("status", "The targets' status lines");
        var name = OptionalName();
        command.Add(name);
        command.SetAction(parse => DmsetupCommand.WithDaemon(client => Print(context, DmsetupStatus.Status(client, NameOf(parse, name)))));
        return command;
    }

    private static Command DepsCommand(CliContext context)
    {
        var command = new Command("deps", "The devices a device's live table uses");
        var name = OptionalName();
        command.Add(name);
        command.SetAction(parse => DmsetupCommand.WithDaemon(client =>
        {
            if (NameOf(parse, name) is { } n)
            {
                return Print(context, [DmsetupList.Deps(client, n)]);
            }
            var devices = client.List();
            return Print(context, devices.Count == 0 ? [DmsetupList.NoDevices] : devices.Select(d => DmsetupList.Deps(client, d.Name, prefixName: true)));
        }));
        return command;
    }

    private static Command LsCommand(CliContext context)
    {
        var command = new Command("ls", "List devices (--tree: as a tree of dependencies)");
        var tree = new Option<bool>("--tree") { Description = "show the devices as trees" };
        command.Add(tree);
        command.SetAction(parse => DmsetupCommand.WithDaemon(client =>
            Print(context, parse.GetValue(tree) ? DmsetupList.Tree(client) : DmsetupList.Ls(client))));
        return command;
    }

    private static Command TargetsCommand(CliContext context)
    {
        var command = new Command("targets", "The target types of the engine");
        command.SetAction(_ => DmsetupCommand.WithDaemon(client => Print(context, DmsetupList.Targets(client.Targets()))));
        return command;
    }
}
