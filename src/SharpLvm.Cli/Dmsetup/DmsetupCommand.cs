using System.CommandLine;
using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Cli.Dmsetup;

/// <summary>
/// <c>sharplvm dmsetup</c>: dmsetup's commands over the engine in the <c>sharplvm daemon</c> (the only place our
/// devices live between commands). With no daemon: one line on stderr saying how to start one, exit 5.
/// This file holds the commands that change devices; <see cref="DmsetupReports"/> those that print.
/// </summary>
internal static class DmsetupCommand
{
    public static Command Create(CliContext context)
    {
        var dmsetup = new Command("dmsetup", "Low-level device-mapper control of the sharplvm daemon's engine");
        dmsetup.Add(CreateCommand(context));
        dmsetup.Add(LoadCommand(context));
        dmsetup.Add(NameOnly("clear", "Drop the inactive table", (c, n) => c.ClearInactive(n)));
        dmsetup.Add(SuspendCommand());
        dmsetup.Add(NameOnly("resume", "Make the inactive table live (if any) and let I/O flow", (c, n) => c.Resume(n)));
        dmsetup.Add(RenameCommand());
        dmsetup.Add(RemoveCommand());
        dmsetup.Add(MessageCommand(context));
        dmsetup.Add(AttachCommand(context));
        dmsetup.Add(WaitCommand(context));
        DmsetupReports.AddTo(dmsetup, context);
        return dmsetup;
    }

    /// <summary>Runs <paramref name="action"/> against the daemon, or fails with "No sharplvm daemon is running".</summary>
    public static int WithDaemon(Func<DaemonClient, int> action)
    {
        using var client = DeviceHosts.Require();
        return action(client);
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "device name" };

    private static Command NameOnly(string verb, string description, Action<DaemonClient, DmName> action)
    {
        var command = new Command(verb, description);
        var name = NameArgument();
        command.Add(name);
        command.SetAction(parse => WithDaemon(client =>
        {
            action(client, DmName.Parse(parse.GetValue(name)!));
            return 0;
        }));
        return command;
    }

    private static Command CreateCommand(CliContext context)
    {
        var command = new Command("create", "Create a device, load its table (--table, a file, or stdin) and resume it");
        var name = NameArgument();
        var file = new Argument<string?>("TABLE_FILE") { Arity = ArgumentArity.ZeroOrOne, Description = "table file (stdin when absent)" };
        var table = new Option<string?>("--table") { Description = "the table, one line (several separated by ';' or newlines)" };
        var uuid = new Option<string?>("--uuid", "-u") { Description = "the device uuid" };
        var notable = new Option<bool>("--notable") { Description = "create the device with no table" };
        var readOnly = new Option<bool>("--readonly", "-r") { Description = "a read-only device" };
        command.Add(name);
        command.Add(file);
        command.Add(table);
        command.Add(uuid);
        command.Add(notable);
        command.Add(readOnly);
        command.SetAction(parse => WithDaemon(client =>
        {
            var n = DmName.Parse(parse.GetValue(name)!);
            Table? t = parse.GetValue(notable) ? null : ReadTable(parse.GetValue(table), parse.GetValue(file));
            client.Create(n, parse.GetValue(uuid) is { } u ? DmUuid.Parse(u) : null, readOnly: parse.GetValue(readOnly));
            if (t is null)
            {
                return 0;
            }
            try
            {
                client.Load(n, t);
                client.Resume(n);
            }
            catch (StorageException)
            {
                // As dmsetup: a device whose table failed is removed again.
                client.Remove(n);
                throw;
            }
            return 0;
        }));
        return command;
    }

    private static Command LoadCommand(CliContext context)
    {
        var command = new Command("load", "Load a table into the inactive slot (--table, a file, or stdin)");
        var name = NameArgument();
        var file = new Argument<string?>("TABLE_FILE") { Arity = ArgumentArity.ZeroOrOne };
        var table = new Option<string?>("--table") { Description = "the table, one line (several separated by ';' or newlines)" };
        command.Add(name);
        command.Add(file);
        command.Add(table);
        command.SetAction(parse => WithDaemon(client =>
        {
            client.Load(DmName.Parse(parse.GetValue(name)!), ReadTable(parse.GetValue(table), parse.GetValue(file)));
            return 0;
        }));
        return command;
    }

    /// <summary>The table from --table (';' separates lines as in dmsetup), a file, or stdin.</summary>
    private static Table ReadTable(string? inline, string? file)
    {
        if (inline is not null && file is not null)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "Give the table either with --table or as a file, not both.");
        }
        if (inline is not null)
        {
            return Table.Parse(inline.Replace(';', '\n'));
        }
        if (file is not null)
        {
            return File.Exists(file) ? Table.Parse(File.ReadAllText(file))
                : throw new StorageException(ErrorCode.NotFound, $"Table file {file} not found.");
        }
        if (!Console.IsInputRedirected)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "No table given: use --table, a table file, stdin, or --notable.");
        }
        return Table.Parse(Console.In.ReadToEnd());
    }

    private static Command SuspendCommand()
    {
        var command = new Command("suspend", "Suspend a device: I/O in flight completes, new I/O waits");
        var name = NameArgument();
        var noFlush = new Option<bool>("--noflush") { Description = "do not flush before suspending" };
        command.Add(name);
        command.Add(noFlush);
        command.SetAction(parse => WithDaemon(client =>
        {
            client.Suspend(DmName.Parse(parse.GetValue(name)!), flush: !parse.GetValue(noFlush));
            return 0;
        }));
        return command;
    }

    private static Command RenameCommand()
    {
        var command = new Command("rename", "Rename a device");
        var name = NameArgument();
        var newName = new Argument<string>("NEW_NAME");
        command.Add(name);
        command.Add(newName);
        command.SetAction(parse => WithDaemon(client =>
        {
            client.Rename(DmName.Parse(parse.GetValue(name)!), DmName.Parse(parse.GetValue(newName)!));
            return 0;
        }));
        return command;
    }

    private static Command RemoveCommand()
    {
        var command = new Command("remove", "Remove a device (refused while open; --force swaps in an error table first)");
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.OneOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "replace the table with error targets first" };
        command.Add(names);
        command.Add(force);
        command.SetAction(parse => WithDaemon(client =>
        {
            foreach (string n in parse.GetValue(names)!)
            {
                client.Remove(DmName.Parse(n), parse.GetValue(force));
            }
            return 0;
        }));
        return command;
    }

    private static Command MessageCommand(CliContext context)
    {
        var command = new Command("message", "Send a message to the target at SECTOR");
        var name = NameArgument();
        var sector = new Argument<string>("SECTOR");
        var words = new Argument<string[]>("MESSAGE") { Arity = ArgumentArity.OneOrMore };
        command.Add(name);
        command.Add(sector);
        command.Add(words);
        command.SetAction(parse => WithDaemon(client =>
        {
            string s = parse.GetValue(sector)!;
            if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong at))
            {
                throw new StorageException(ErrorCode.InvalidArgument, $"Invalid sector \"{s}\".");
            }
            string reply = client.SendMessage(DmName.Parse(parse.GetValue(name)!), new Sectors(at), string.Join(' ', parse.GetValue(words)!));
            if (reply.Length > 0)
            {
                context.Output.WriteLine(reply);
            }
            return 0;
        }));
        return command;
    }

    private static Command WaitCommand(CliContext context)
    {
        var command = new Command("wait", "Sleep until the device's event counter exceeds EVENT_NR (default: its current value)");
        var name = NameArgument();
        var eventNumber = new Argument<uint?>("EVENT_NR") { Arity = ArgumentArity.ZeroOrOne };
        command.Add(name);
        command.Add(eventNumber);
        command.SetAction(parse => WithDaemon(client =>
        {
            var n = DmName.Parse(parse.GetValue(name)!);
            uint seen = parse.GetValue(eventNumber)
                ?? (client.TryGetInfo(n) ?? throw new StorageException(ErrorCode.NotFound, $"Device {n} does not exist.")).EventNumber;
            uint now;
            do
            {
                now = client.WaitForEvent(n, seen, TimeSpan.FromHours(1));
            }
            while (now <= seen);
            context.Output.WriteLine($"{n}: event {now}");
            return 0;
        }));
        return command;
    }

    private static Command AttachCommand(CliContext context)
    {
        var command = new Command("attach", "Make an image file or block device usable by tables; prints its major:minor");
        var path = new Argument<string>("PATH");
        command.Add(path);
        command.SetAction(parse => WithDaemon(client =>
        {
            context.Output.WriteLine(client.Attach(parse.GetValue(path)!).ToString());
            return 0;
        }));
        return command;
    }
}
