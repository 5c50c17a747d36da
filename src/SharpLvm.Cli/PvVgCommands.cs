using System.CommandLine;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations.Pv;
using SharpLvm.Operations.Vg;

namespace SharpLvm.Cli;

/// <summary>
/// The PV and VG commands (pvcreate, pvremove, pvresize, pvchange, pvdisplay, vgcreate, vgextend, vgreduce,
/// vgremove, vgrename, vgchange, vgck, vgdisplay, vgcfgrestore): parse the options, call the operation, print
/// its lines ("  " + line on stdout, as LVM2).
/// </summary>
internal static class PvVgCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (Command command in new[]
        {
            PvCreateCommand(context), PvRemoveCommand(context), PvResizeCommand(context), PvChangeCommand(context), PvDisplayCommand(context),
            VgCreateCommand(context), VgExtendCommand(context), VgReduceCommand(context), VgRemoveCommand(context),
            VgRenameCommand(context), VgChangeCommand(context), VgCkCommand(context), VgDisplayCommand(context), VgCfgRestoreCommand(context),
        })
        {
            root.Add(command);
        }
    }

    /// <summary>The options every command here shares: --devices, --devicesfile, --config.</summary>
    private sealed class Common
    {
        private readonly DeviceOptions _devices = new();
        private readonly Option<string[]> _config = new("--config") { Description = "Configuration in lvm.conf syntax, overriding lvm.conf.", Arity = ArgumentArity.OneOrMore };

        public Common(Command command)
        {
            _devices.AddTo(command);
            command.Add(_config);
        }

        public SystemContext Context(CliContext cli, ParseResult parse) => SystemContext.Create(SystemDir.Resolve(), parse.GetValue(_devices.Devices),
            parse.GetValue(_devices.DevicesFile), string.Join(' ', parse.Tokens.Select(t => t.Value)).Trim(), parse.GetValue(_config), cli.OpenDevice, cli.Warn);
    }

    private static Command Make(string name, string description, CliContext context, Action<Command> add,
        Func<ParseResult, SystemContext, IEnumerable<string>> run)
    {
        var command = new Command(name, description);
        var common = new Common(command);
        add(command);
        command.SetAction(parse =>
        {
            foreach (string line in run(parse, common.Context(context, parse)))
            {
                context.Output.WriteLine(line.Length == 0 || line[0] == ' ' ? line : "  " + line);
            }
            return 0;
        });
        return command;
    }

    private static Argument<string[]> Many(string name) => new(name) { Arity = ArgumentArity.ZeroOrMore };

    private static Option<string> YesNo(string name, params string[] aliases)
    {
        var option = new Option<string>(name, aliases) { Description = "y or n" };
        option.AcceptOnlyFromAmong("y", "n");
        return option;
    }

    private static bool? YesNoValue(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        "y" => true,
        "n" => false,
        _ => null,
    };

    private static ulong? Size(ParseResult parse, Option<string> option, char unit) =>
        parse.GetValue(option) is { } text ? SizeArgument.ParseBytes(option.Name, text, unit) : null;

    /// <summary>pvcreate's options, shared with vgcreate and vgextend (their implicit pvcreate).</summary>
    private sealed class PvCreateOpts
    {
        public Option<string> MetadataSize { get; } = new("--metadatasize") { Description = "Metadata area size (Size[m|UNIT])." };
        public Option<int> Copies { get; } = new("--pvmetadatacopies") { Description = "0, 1 or 2 metadata areas.", DefaultValueFactory = _ => 1 };
        public Option<string> DataAlignment { get; } = new("--dataalignment") { Description = "Data alignment (Size[k|UNIT])." };
        public Option<string> DataAlignmentOffset { get; } = new("--dataalignmentoffset") { Description = "Alignment offset (Size[k|UNIT])." };
        public Option<bool> Force { get; } = new("--force", "-f") { Description = "Force." };
        public Option<bool> ForceTwice { get; } = new("-ff") { Description = "Force twice: overwrite a PV of a VG." };
        public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Answer yes to prompts." };

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { MetadataSize, Copies, DataAlignment, DataAlignmentOffset, Force, ForceTwice, Yes })
            {
                command.Add(option);
            }
        }

        public PvCreateOptions Read(ParseResult parse) => new()
        {
            MetadataSize = Size(parse, MetadataSize, 'm'),
            MetadataCopies = parse.GetValue(Copies),
            DataAlignment = Size(parse, DataAlignment, 'k'),
            DataAlignmentOffset = Size(parse, DataAlignmentOffset, 'k') ?? 0,
            Force = parse.GetValue(ForceTwice) ? 2 : parse.GetValue(Force) ? 1 : 0,
            Yes = parse.GetValue(Yes),
        };
    }

    private static Command PvCreateCommand(CliContext context)
    {
        var opts = new PvCreateOpts();
        var uuid = new Option<string>("--uuid", "-u") { Description = "The PV uuid to use." };
        var noRestore = new Option<bool>("--norestorefile") { Description = "Allow --uuid without a restore file." };
        var setSize = new Option<string>("--setphysicalvolumesize") { Description = "Record this PV size (Size[m|UNIT])." };
        var paths = Many("PV");
        return Make("pvcreate", "Initialize physical volume(s) for use by LVM", context, c =>
        {
            opts.AddTo(c);
            c.Add(uuid);
            c.Add(noRestore);
            c.Add(setSize);
            c.Add(paths);
        }, (parse, ctx) => PvCreate.Run(ctx, parse.GetValue(paths) ?? [], opts.Read(parse) with
        {
            Uuid = parse.GetValue(uuid),
            PhysicalVolumeSize = Size(parse, setSize, 'm'),
        }));
    }

    private static Command PvRemoveCommand(CliContext context)
    {
        var force = new Option<bool>("--force", "-f");
        var forceTwice = new Option<bool>("-ff");
        var yes = new Option<bool>("--yes", "-y");
        var paths = Many("PV");
        return Make("pvremove", "Remove LVM label(s) from physical volume(s)", context, c =>
        {
            c.Add(force);
            c.Add(forceTwice);
            c.Add(yes);
            c.Add(paths);
        }, (parse, ctx) => PvRemove.Run(ctx, parse.GetValue(paths) ?? [], parse.GetValue(forceTwice) ? 2 : parse.GetValue(force) ? 1 : 0, parse.GetValue(yes)));
    }

    private static Command PvResizeCommand(CliContext context)
    {
        var setSize = new Option<string>("--setphysicalvolumesize") { Description = "New PV size (Size[m|UNIT])." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Confirm shrinking." };
        var paths = Many("PV");
        return Make("pvresize", "Resize physical volume(s)", context, c =>
        {
            c.Add(setSize);
            c.Add(yes);
            c.Add(paths);
        }, (parse, ctx) => PvResize.Run(ctx, parse.GetValue(paths) ?? [], Size(parse, setSize, 'm'), parse.GetValue(yes)));
    }

    private static Command PvChangeCommand(CliContext context)
    {
        var allocatable = YesNo("--allocatable", "-x");
        var ignore = YesNo("--metadataignore");
        var addTag = new Option<string[]>("--addtag") { Arity = ArgumentArity.OneOrMore };
        var delTag = new Option<string[]>("--deltag") { Arity = ArgumentArity.OneOrMore };
        var paths = Many("PV");
        return Make("pvchange", "Change attributes of physical volume(s)", context, c =>
        {
            foreach (Option o in new Option[] { allocatable, ignore, addTag, delTag })
            {
                c.Add(o);
            }
            c.Add(paths);
        }, (parse, ctx) => PvChange.Run(ctx, parse.GetValue(paths) ?? [], new PvChangeOptions
        {
            Allocatable = YesNoValue(parse, allocatable),
            MetadataIgnore = YesNoValue(parse, ignore),
            AddTags = parse.GetValue(addTag) ?? [],
            DelTags = parse.GetValue(delTag) ?? [],
        }));
    }

    private static Command PvDisplayCommand(CliContext context)
    {
        var paths = Many("PV");
        return Make("pvdisplay", "Display various attributes of physical volume(s)", context, c => c.Add(paths),
            (parse, ctx) =>
            {
                string[] wanted = parse.GetValue(paths) ?? [];
                return PvDisplay.Show(VgReader.Scan(ctx.DevicesWith(wanted.Where(Path.Exists))), wanted);
            });
    }

    private static Command VgCreateCommand(CliContext context)
    {
        var opts = new PvCreateOpts();
        var extent = new Option<string>("--physicalextentsize", "-s") { Description = "Extent size (Size[m|UNIT]), 4 MiB by default." };
        var addTag = new Option<string[]>("--addtag") { Arity = ArgumentArity.OneOrMore };
        var maxLv = new Option<uint>("--maxlogicalvolumes", "-l");
        var maxPv = new Option<uint>("--maxphysicalvolumes", "-p");
        var alloc = new Option<string>("--alloc") { Description = "contiguous|cling|cling_by_tags|normal|anywhere" };
        var name = new Argument<string>("VG");
        var paths = Many("PV");
        return Make("vgcreate", "Create a volume group", context, c =>
        {
            opts.AddTo(c);
            foreach (Option o in new Option[] { extent, addTag, maxLv, maxPv, alloc })
            {
                c.Add(o);
            }
            c.Add(name);
            c.Add(paths);
        }, (parse, ctx) =>
        {
            ulong extentBytes = Size(parse, extent, 'm') ?? 4UL * 1024 * 1024;
            if (extentBytes % Sectors.SectorSize != 0)
            {
                throw new StorageException(ErrorCode.InvalidArgument, "Physical extent size must be a multiple of 512 bytes.");
            }
            return VgCreate.Run(ctx, parse.GetValue(name)!, parse.GetValue(paths) ?? [], new VgCreateOptions
            {
                ExtentSize = Sectors.FromBytes(extentBytes),
                Tags = parse.GetValue(addTag) ?? [],
                MaxLv = parse.GetValue(maxLv),
                MaxPv = parse.GetValue(maxPv),
                Allocation = Policy(parse.GetValue(alloc)) ?? AllocationPolicy.Normal,
                PvCreate = opts.Read(parse),
            });
        });
    }

    private static AllocationPolicy? Policy(string? text) => text is null ? null
        : AllocationPolicies.TryParse(text, out AllocationPolicy? p) && p != AllocationPolicy.Inherit ? p
        : throw new StorageException(ErrorCode.InvalidArgument, $"Invalid argument for --alloc: {text}");

    private static Command VgExtendCommand(CliContext context)
    {
        var opts = new PvCreateOpts();
        var restore = new Option<bool>("--restoremissing") { Description = "Return PVs flagged MISSING (back after a vgreduce --removemissing or a change made while they were away) to the VG." };
        var name = new Argument<string>("VG");
        var paths = Many("PV");
        return Make("vgextend", "Add physical volumes to a volume group", context, c =>
        {
            opts.AddTo(c);
            c.Add(restore);
            c.Add(name);
            c.Add(paths);
        }, (parse, ctx) => parse.GetValue(restore)
            ? VgRestoreMissing.Run(ctx, parse.GetValue(name)!, parse.GetValue(paths) ?? [])
            : VgExtend.Run(ctx, parse.GetValue(name)!, parse.GetValue(paths) ?? [], opts.Read(parse)));
    }

    private static Command VgReduceCommand(CliContext context)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused PVs." };
        var removeMissing = new Option<bool>("--removemissing") { Description = "Remove all missing PVs (with --force, the partial LVs too)." };
        var mirrorsOnly = new Option<bool>("--mirrorsonly") { Description = "With --removemissing --force: only repair mirrors." };
        var force = new Option<bool>("--force", "-f") { Description = "With --removemissing: remove or reduce the LVs on missing PVs." };
        var test = new Option<bool>("--test", "-t") { Description = "Show what would change; write nothing." };
        var name = new Argument<string>("VG");
        var paths = Many("PV");
        return Make("vgreduce", "Remove physical volume(s) from a volume group", context, c =>
        {
            foreach (Option o in new Option[] { all, removeMissing, mirrorsOnly, force, test })
            {
                c.Add(o);
            }
            c.Add(name);
            c.Add(paths);
        }, (parse, ctx) => VgReduceRun(ctx, parse.GetValue(name)!, parse.GetValue(paths) ?? [], parse.GetValue(all),
            parse.GetValue(removeMissing), parse.GetValue(mirrorsOnly), parse.GetValue(force), parse.GetValue(test)));
    }

    private static IReadOnlyList<string> VgReduceRun(SystemContext ctx, string name, string[] paths, bool all,
        bool removeMissing, bool mirrorsOnly, bool force, bool test)
    {
        if (mirrorsOnly && !removeMissing)
        {
            throw new StorageException(ErrorCode.InvalidArgument, "--mirrorsonly requires --removemissing.");
        }
        if (removeMissing)
        {
            if (paths.Length > 0)
            {
                throw new StorageException(ErrorCode.InvalidArgument, "Please only specify the volume group.");
            }
            if (force && !test && LiveHost.TryConnect() is { } host)
            {
                using (host)
                {
                    return Activation.LiveVgReduceMissing.Run(ctx, VgNames.ParseExisting(name), mirrorsOnly, host);
                }
            }
            return VgReduceMissing.Run(ctx, name, force, mirrorsOnly, test);
        }
        if (test)
        {
            throw new StorageException(ErrorCode.Unsupported, "--test is only implemented with --removemissing.");
        }
        return VgReduce.Run(ctx, name, paths, all);
    }

    private static Command VgRemoveCommand(CliContext context)
    {
        var force = new Option<bool>("--force", "-f");
        var yes = new Option<bool>("--yes", "-y");
        var names = Many("VG");
        return Make("vgremove", "Remove volume group(s)", context, c =>
        {
            c.Add(force);
            c.Add(yes);
            c.Add(names);
        }, (parse, ctx) => VgRemove.Run(ctx, parse.GetValue(names) ?? [], parse.GetValue(force)));
    }

    private static Command VgRenameCommand(CliContext context)
    {
        var from = new Argument<string>("OLD");
        var to = new Argument<string>("NEW");
        return Make("vgrename", "Rename a volume group", context, c =>
        {
            c.Add(from);
            c.Add(to);
        }, (parse, ctx) => VgRename.Run(ctx, parse.GetValue(from)!, parse.GetValue(to)!));
    }

    private static Command VgChangeCommand(CliContext context)
    {
        var addTag = new Option<string[]>("--addtag") { Arity = ArgumentArity.OneOrMore };
        var delTag = new Option<string[]>("--deltag") { Arity = ArgumentArity.OneOrMore };
        var resizeable = YesNo("--resizeable", "-x");
        var alloc = new Option<string>("--alloc");
        var maxLv = new Option<uint?>("--logicalvolume", "-l");
        var maxPv = new Option<uint?>("--maxphysicalvolumes", "-p");
        var activate = new Option<string>("--activate", "-a") { Description = "y|n (ay|an): activate or deactivate every LV (needs `sharplvm daemon`)." };
        activate.AcceptOnlyFromAmong("y", "n", "ay", "an");
        var live = new LiveHost();
        var names = Many("VG");
        return Make("vgchange", "Change volume group attributes", context, c =>
        {
            foreach (Option o in new Option[] { addTag, delTag, resizeable, alloc, maxLv, maxPv, activate })
            {
                c.Add(o);
            }
            live.AddTo(c);
            c.Add(names);
        }, (parse, ctx) => parse.GetValue(activate) is { } a
            ? Activate(context, ctx, parse.GetValue(names) ?? [], a.EndsWith('y'), live.Options(parse, context))
            : VgChange.Run(ctx, parse.GetValue(names) ?? [], new VgChangeOptions
        {
            AddTags = parse.GetValue(addTag) ?? [],
            DelTags = parse.GetValue(delTag) ?? [],
            Resizeable = YesNoValue(parse, resizeable),
            Allocation = Policy(parse.GetValue(alloc)),
            MaxLv = parse.GetValue(maxLv),
            MaxPv = parse.GetValue(maxPv),
        }));
    }

    /// <summary>vgchange -a: every visible LV of the named VGs (all VGs when none is named).</summary>
    private static List<string> Activate(CliContext context, SystemContext ctx, string[] names, bool yes, Activation.ActivationOptions options)
    {
        using var host = LiveHost.Require();
        var output = new Operations.Lv.LvOutput();
        IEnumerable<string> vgs = names.Length > 0 ? names : VgReader.Scan(ctx.Devices).Vgs.Select(v => v.Vg.Name.Value).Order(StringComparer.Ordinal);
        try
        {
            foreach (string vg in vgs)
            {
                Activation.LvActivation.ChangeVg(ctx, VgName.Parse(vg), yes, host, output, options);
            }
        }
        finally
        {
            // Also when an LV was refused (a partial LV): LVM2 prints what it did before failing.
            output.Warnings.ForEach(w => options.Log?.Invoke(DeviceMapper.Tree.DmLogLevel.Warning, w));
            output.Info.ForEach(i => context.Output.WriteLine("  " + i));
        }
        return [];
    }

    private static Command VgCkCommand(CliContext context)
    {
        var names = Many("VG");
        var update = new Option<bool>("--updatemetadata") { Description = "Rewrite the metadata, mending stale copies." };
        return Make("vgck", "Check the consistency of volume group(s)", context, c =>
        {
            c.Add(names);
            c.Add(update);
        }, (parse, ctx) =>
        {
            if (parse.GetValue(update))
            {
                // LVM2 prints what it mends as warnings and succeeds.
                foreach (string mended in VgCk.UpdateMetadata(ctx, parse.GetValue(names) ?? []))
                {
                    context.Error.WriteLine("  " + mended);
                }
                return [];
            }
            IReadOnlyList<string> problems = VgCk.Check(ctx, parse.GetValue(names) ?? []);
            if (problems.Count > 0)
            {
                foreach (string problem in problems.Take(problems.Count - 1))
                {
                    context.Error.WriteLine("  " + problem);
                }
                throw new StorageException(ErrorCode.Corrupt, problems[^1]);
            }
            return [];
        });
    }

    private static Command VgDisplayCommand(CliContext context)
    {
        var names = Many("VG");
        return Make("vgdisplay", "Display volume group information", context, c => c.Add(names),
            (parse, ctx) => VgDisplay.Show(VgReader.Scan(ctx.Devices), parse.GetValue(names) ?? []));
    }

    private static Command VgCfgRestoreCommand(CliContext context)
    {
        var file = new Option<string>("--file", "-f") { Description = "Restore from this backup or archive file." };
        var list = new Option<bool>("--list", "-l") { Description = "List the archives and backup of the VG." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Restore even while LVs of the VG are active." };
        var name = new Argument<string>("VG");
        return Make("vgcfgrestore", "Restore volume group configuration", context, c =>
        {
            c.Add(file);
            c.Add(list);
            c.Add(yes);
            c.Add(name);
        }, (parse, ctx) => parse.GetValue(list)
            ? VgCfgRestore.List(ctx, parse.GetValue(name)!)
            : VgCfgRestoreRun(context, ctx, parse.GetValue(name)!, parse.GetValue(file), parse.GetValue(yes)));
    }

    /// <summary>
    /// vgcfgrestore with a daemon holding devices of the VG: LVM2 names each, warns that the restored metadata may not
    /// match them and asks; without -y the answer is no ("Restore aborted.", exit 5), as LVM2 answers with no terminal.
    /// </summary>
    private static IReadOnlyList<string> VgCfgRestoreRun(CliContext context, SystemContext ctx, string vg, string? file, bool yes)
    {
        using (DeviceMapper.Engine.IDeviceHost? host = LiveHost.TryConnect())
        {
            IReadOnlyList<string> active = host is null ? [] : Activation.VgDeviceScan.ActiveLvNames(host, vg);
            if (active.Count > 0)
            {
                foreach (string lv in active)
                {
                    context.Error.WriteLine($"  Volume group {vg} has active volume: {lv}.");
                }
                context.Error.WriteLine($"  WARNING: Found {active.Count} active volume(s) in volume group \"{vg}\".");
                context.Output.WriteLine("  Restoring VG with active LVs, may cause mismatch with its metadata.");
                if (!yes)
                {
                    context.Error.WriteLine($"Do you really want to proceed with restore of volume group \"{vg}\", while {active.Count} volume(s) are active? [y/n]: [n]");
                    throw new StorageException(ErrorCode.Busy, "Restore aborted.", "Deactivate the VG's LVs first (vgchange -an), or answer yes with -y.");
                }
            }
        }
        return VgCfgRestore.Restore(ctx, vg, file);
    }
}
