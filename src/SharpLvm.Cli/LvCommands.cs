using System.CommandLine;
using SharpLvm.Activation;
using SharpLvm.Allocation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Cli;

/// <summary>
/// lvcreate, lvremove, lvrename, lvextend, lvreduce, lvresize, lvchange (tags), lvconvert (mirrors), lvdisplay:
/// parse, run the model operation inside one VG transaction, print what it reports.
/// </summary>
internal static class LvCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        root.Add(Create(context));
        root.Add(Remove(context));
        root.Add(Rename(context));
        root.Add(Resize("lvextend", ResizeMode.Extend, context));
        root.Add(Resize("lvreduce", ResizeMode.Reduce, context));
        root.Add(Resize("lvresize", ResizeMode.Resize, context));
        root.Add(Change(context));
        root.Add(Convert(context));
        root.Add(Display(context));
    }

    private sealed class Common
    {
        public DeviceOptions Devices { get; } = new();
        public Option<string> Alloc { get; } = new("--alloc") { Description = "contiguous|cling|normal|anywhere|inherit" };
        public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Answer yes to every prompt." };
        public Option<bool> Force { get; } = new("--force", "-f") { Description = "Do not prompt." };
        public Option<string[]> Config { get; } = new("--config") { Description = "lvm.conf settings." };
        public LiveHost Live { get; } = new();

        public void AddTo(Command command)
        {
            Devices.AddTo(command);
            Live.AddTo(command);
            foreach (Option o in new Option[] { Alloc, Yes, Force, Config })
            {
                command.Add(o);
            }
        }

        public SystemContext Context(CliContext cli, ParseResult parse, string name) => SystemContext.Create(SystemDir.Resolve(),
            parse.GetValue(Devices.Devices) is { Length: > 0 } d ? [.. d.SelectMany(x => x.Split(','))] : null,
            parse.GetValue(Devices.DevicesFile), name + " " + string.Join(' ', parse.Tokens.Select(t => t.Value)), parse.GetValue(Config), cli.OpenDevice, cli.Warn);

        public AllocationPolicy? Policy(ParseResult parse) => parse.GetValue(Alloc) is not { } text ? null
            : AllocationPolicies.TryParse(text, out AllocationPolicy? p) ? p
            : throw new StorageException(ErrorCode.InvalidArgument, $"Invalid argument for --alloc: {text}");
    }

    private static (VgName Vg, string Lv) VgLv(string arg, string? vgFromName = null)
    {
        int slash = arg.IndexOf('/', StringComparison.Ordinal);
        if (arg.StartsWith("/dev/", StringComparison.Ordinal))
        {
            arg = arg[5..];
            slash = arg.IndexOf('/', StringComparison.Ordinal);
        }
        if (slash < 0)
        {
            return vgFromName is null
                ? throw new StorageException(ErrorCode.InvalidArgument, $"Please specify a logical volume path: \"{arg}\" is not VG/LV.")
                : (VgName.Parse(vgFromName), arg);
        }
        return (VgName.Parse(arg[..slash]), arg[(slash + 1)..]);
    }

    private static T Run<T>(CliContext context, SystemContext ctx, VgName vg, Func<VgUpdate, LvOutput, T> change, bool handlesMissingPvs = false)
    {
        var output = new LvOutput();
        T result = VgTransaction.Edit(ctx, vg, u => change(u, output), handlesMissingPvs: handlesMissingPvs);
        Print(context, output);
        return result;
    }

    /// <summary>With a daemon running (LVs may be active) the live operation, else the metadata-only one.</summary>
    private static void RunLive(CliContext context, ParseResult parse, Common common, SystemContext ctx, VgName vg,
        Action<IDeviceHost, LvOutput, ActivationOptions> live, Func<VgUpdate, LvOutput, bool> metadataOnly, bool handlesMissingPvs = false)
    {
        using IDeviceHost? host = LiveHost.TryConnect();
        if (host is null)
        {
            Run(context, ctx, vg, metadataOnly, handlesMissingPvs);
            return;
        }
        var output = new LvOutput();
        live(host, output, common.Live.Options(parse, context));
        Print(context, output);
    }

    private static void Print(CliContext context, LvOutput output)
    {
        output.Warnings.ForEach(w => context.Error.WriteLine("  " + w));
        output.Info.ForEach(i => context.Output.WriteLine("  " + i));
    }

    /// <summary>PV arguments resolved against the VG as read now (for the live operations, which read it again under the lock).</summary>
    private static IReadOnlyList<PvCandidate>? PvArgs(SystemContext ctx, VgName vg, string[] args)
    {
        if (args.Length == 0)
        {
            return null;
        }
        var loaded = VgTransaction.Read(ctx, vg);
        return PvList.Resolve(loaded.Vg, args, pv => loaded.DeviceOf(pv)?.Path);
    }

    private static IReadOnlyList<PvCandidate>? Pvs(VgUpdate u, string[] args) => args.Length == 0 ? null : PvList.Resolve(u.Vg, args, u.PathOf);

    private static bool YesNo(string? text, bool defaultValue, string option) => text switch
    {
        null => defaultValue,
        "y" or "ay" or "ey" or "ly" => true,
        "n" or "an" or "en" or "ln" => false,
        _ => throw new StorageException(ErrorCode.InvalidArgument, $"Invalid argument for {option}: {text}"),
    };

    private static Command Create(CliContext context)
    {
        var command = new Command("lvcreate", "Create a logical volume");
        var common = new Common();
        common.AddTo(command);
        var size = new Option<string>("--size", "-L") { Description = "Size [+]N[bBsSkKmMgGtTpPeE] (default MiB)." };
        var extents = new Option<string>("--extents", "-l") { Description = "Extents N[%VG|%FREE|%PVS]." };
        var name = new Option<string>("--name", "-n") { Description = "LV name (default lvolN)." };
        var stripes = new Option<int?>("--stripes", "-i") { Description = "Number of stripes." };
        var stripeSize = new Option<string>("--stripesize", "-I") { Description = "Stripe size (default KiB)." };
        var type = new Option<string>("--type") { Description = "linear|striped|mirror|error|zero" };
        var mirrors = new Option<int?>("--mirrors", "-m") { Description = "Extra mirror legs." };
        var mirrorLog = new Option<string>("--mirrorlog") { Description = "disk|core" };
        var region = new Option<string>("--regionsize", "-R") { Description = "Mirror region size (default MiB)." };
        var tags = new Option<string[]>("--addtag") { Description = "Tag the LV.", AllowMultipleArgumentsPerToken = false };
        var activate = new Option<string>("--activate", "-a") { Description = "y|n: activate the new LV (when a sharplvm daemon runs; default y)." };
        var zero = new Option<string>("--zero", "-Z") { Description = "y|n" };
        var wipe = new Option<string>("--wipesignatures", "-W") { Description = "y|n (accepted, nothing to wipe while inactive)." };
        var args = new Argument<string[]>("VG [PV...]") { Arity = ArgumentArity.OneOrMore };
        foreach (Option o in new Option[] { size, extents, name, stripes, stripeSize, type, mirrors, mirrorLog, region, tags, activate, zero, wipe })
        {
            command.Add(o);
        }
        command.Add(args);
        command.SetAction(parse =>
        {
            string[] positional = parse.GetValue(args)!;
            string? lvName = parse.GetValue(name);
            (VgName vg, string? nameOnly) = lvName is not null && lvName.Contains('/', StringComparison.Ordinal)
                ? VgLv(lvName) : (VgName.Parse(positional[0].TrimEnd('/')), lvName);
            string[] pvArgs = lvName is not null && lvName.Contains('/', StringComparison.Ordinal) && positional[0].StartsWith('/') ? positional : positional[1..];
            SizeSpec spec = (parse.GetValue(size), parse.GetValue(extents)) switch
            {
                ({ } l, null) => SizeSpec.ParseSize(l),
                (null, { } e) => SizeSpec.ParseExtents(e),
                _ => throw new StorageException(ErrorCode.InvalidArgument, "Please specify either size or extents (not both)."),
            };
            LvCreateType? lvType = parse.GetValue(type) switch
            {
                null => null,
                "linear" => LvCreateType.Linear,
                "striped" => LvCreateType.Striped,
                "mirror" => LvCreateType.Mirror,
                "error" => LvCreateType.Error,
                "zero" => LvCreateType.Zero,
                string other => throw new StorageException(ErrorCode.Unsupported, $"Segment type {other} is not supported yet."),
            };
            int mirrorCount = parse.GetValue(mirrors) ?? 0;
            if (mirrorCount > 0 && lvType is null)
            {
                throw new StorageException(ErrorCode.Unsupported, "lvcreate -m makes raid1 in LVM2 2.03, which is not supported yet.", "use --type mirror");
            }
            var request = new LvCreateRequest
            {
                Name = nameOnly is null ? null : LvName.Parse(nameOnly),
                Size = spec,
                Type = lvType,
                Stripes = parse.GetValue(stripes) ?? 1,
                StripeSize = parse.GetValue(stripeSize) is { } ss ? (uint)SizeSpec.ParseSize(ss, 'k').Size!.Value.Value : null,
                Mirrors = mirrorCount,
                CoreLog = parse.GetValue(mirrorLog) switch
                {
                    null or "disk" => false,
                    "core" => true,
                    string other => throw new StorageException(ErrorCode.Unsupported, $"Mirror log type {other} is not supported."),
                },
                RegionSize = parse.GetValue(region) is { } r ? (uint)SizeSpec.ParseSize(r).Size!.Value.Value : null,
                Alloc = common.Policy(parse),
                Tags = parse.GetValue(tags) ?? [],
                Activate = YesNo(parse.GetValue(activate), true, "--activate"),
                Zero = YesNo(parse.GetValue(zero), true, "--zero"),
            };
            SystemContext ctx = common.Context(context, parse, "lvcreate");
            string created = Run(context, ctx, vg, (u, output) => LvCreate.Apply(u.Vg, request with { Pvs = Pvs(u, pvArgs) }, new LvFactory(ctx.Time), output).Name.Value);
            // As LVM2, a new LV is active unless -an, when there is a device host to hold it (the daemon); without
            // one the metadata is all there is, as with LVM2's activation disabled.
            if (request.Activate && LiveHost.TryConnect() is { } host)
            {
                using (host)
                {
                    var output = new LvOutput();
                    LvActivation.Change(ctx, vg, [created], activate: true, host, output, common.Live.Options(parse, context));
                    Print(context, output);
                }
            }
            return 0;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var command = new Command("lvremove", "Remove logical volumes");
        var common = new Common();
        common.AddTo(command);
        var args = new Argument<string[]>("VG/LV") { Arity = ArgumentArity.OneOrMore };
        command.Add(args);
        command.SetAction(parse =>
        {
            SystemContext ctx = common.Context(context, parse, "lvremove");
            foreach (string arg in parse.GetValue(args)!)
            {
                (VgName vg, string lv) = VgLv(arg);
                bool force = parse.GetValue(common.Force) || parse.GetValue(common.Yes);
                RunLive(context, parse, common, ctx, vg, (host, output, options) => LiveLvChange.Remove(ctx, vg, lv, force, host, output, options), (u, output) =>
                {
                    LvRemove.Apply(u.Vg, lv, output);
                    return true;
                }, handlesMissingPvs: true);
            }
            return 0;
        });
        return command;
    }

    private static Command Rename(CliContext context)
    {
        var command = new Command("lvrename", "Rename a logical volume");
        var common = new Common();
        common.AddTo(command);
        var args = new Argument<string[]>("VG/LV NEW | VG LV NEW") { Arity = new ArgumentArity(2, 3) };
        command.Add(args);
        command.SetAction(parse =>
        {
            string[] a = parse.GetValue(args)!;
            (VgName vg, string oldName) = a.Length == 3 ? (VgName.Parse(a[0]), a[1]) : VgLv(a[0]);
            string newText = a[^1].Contains('/', StringComparison.Ordinal) ? VgLv(a[^1]).Lv : a[^1];
            LvName newName = LvName.Parse(newText);
            SystemContext ctx = common.Context(context, parse, "lvrename");
            RunLive(context, parse, common, ctx, vg, (host, output, options) => LiveLvChange.Rename(ctx, vg, oldName, newName, host, output, options), (u, output) =>
            {
                LvRename.Apply(u.Vg, oldName, newName, output);
                return true;
            });
            return 0;
        });
        return command;
    }

    private static Command Resize(string name, ResizeMode mode, CliContext context)
    {
        var command = new Command(name, "Change the size of a logical volume");
        var common = new Common();
        common.AddTo(command);
        var size = new Option<string>("--size", "-L") { Description = "[+|-]N[unit]" };
        var extents = new Option<string>("--extents", "-l") { Description = "[+|-]N[%VG|%FREE|%PVS]" };
        var resizeFs = new Option<bool>("--resizefs", "-r") { Description = "Resize the file system too (not supported yet)." };
        var args = new Argument<string[]>("VG/LV [PV...]") { Arity = ArgumentArity.OneOrMore };
        command.Add(size);
        command.Add(extents);
        command.Add(resizeFs);
        command.Add(args);
        command.SetAction(parse =>
        {
            if (parse.GetValue(resizeFs))
            {
                throw new StorageException(ErrorCode.Unsupported, "File system resize (-r/--resizefs) is not supported yet.", "resize the file system separately");
            }
            string[] a = parse.GetValue(args)!;
            (VgName vg, string lv) = VgLv(a[0]);
            SizeSpec spec = (parse.GetValue(size), parse.GetValue(extents)) switch
            {
                ({ } l, null) => SizeSpec.ParseSize(l),
                (null, { } e) => SizeSpec.ParseExtents(e),
                _ => throw new StorageException(ErrorCode.InvalidArgument, "Please specify either size or extents (not both)."),
            };
            if ((mode == ResizeMode.Extend && spec.Sign == SizeSign.Minus) || (mode == ResizeMode.Reduce && spec.Sign == SizeSign.Plus))
            {
                throw new StorageException(ErrorCode.InvalidArgument, $"{name} does not accept a {(spec.Sign == SizeSign.Minus ? "negative" : "positive")} relative size.");
            }
            AllocationPolicy? alloc = common.Policy(parse);
            SystemContext ctx = common.Context(context, parse, name);
            RunLive(context, parse, common, ctx, vg,
                (host, output, options) => LiveLvChange.Resize(ctx, vg, lv, new LvResizeRequest { Size = spec, Mode = mode, Alloc = alloc, Pvs = PvArgs(ctx, vg, a[1..]) }, host, output, options),
                (u, output) =>
                {
                    LvResize.Apply(u.Vg, lv, new LvResizeRequest { Size = spec, Mode = mode, Pvs = Pvs(u, a[1..]), Alloc = alloc }, output);
                    return true;
                });
            return 0;
        });
        return command;
    }

    private static Command Change(CliContext context)
    {
        var command = new Command("lvchange", "Change attributes of logical volumes (tags, activation, --refresh)");
        var common = new Common();
        common.AddTo(command);
        var add = new Option<string[]>("--addtag") { Description = "Add a tag." };
        var del = new Option<string[]>("--deltag") { Description = "Remove a tag." };
        var activate = new Option<string>("--activate", "-a") { Description = "y|n (ay|an): activate or deactivate (needs `sharplvm daemon`)." };
        var refresh = new Option<bool>("--refresh") { Description = "Reload the LV's tables from the metadata, suspend and resume it (a mirror resyncs a leg that came back)." };
        var args = new Argument<string[]>("VG/LV") { Arity = ArgumentArity.OneOrMore };
        command.Add(add);
        command.Add(del);
        command.Add(activate);
        command.Add(refresh);
        command.Add(args);
        command.SetAction(parse =>
        {
            if (parse.GetValue(refresh))
            {
                SystemContext rctx = common.Context(context, parse, "lvchange");
                using IDeviceHost host = LiveHost.Require();
                var output = new LvOutput();
                foreach (var group in parse.GetValue(args)!.Select(x => VgLv(x)).GroupBy(x => x.Vg))
                {
                    LiveLvRefresh.Refresh(rctx, group.Key, [.. group.Select(x => x.Lv)], host, output, common.Live.Options(parse, context));
                }
                Print(context, output);
                return 0;
            }
            if (parse.GetValue(activate) is { } a)
            {
                bool yes = YesNo(a, true, "--activate");
                SystemContext actx = common.Context(context, parse, "lvchange");
                using IDeviceHost host = LiveHost.Require();
                var output = new LvOutput();
                try
                {
                    foreach (var group in parse.GetValue(args)!.Select(x => VgLv(x)).GroupBy(x => x.Vg))
                    {
                        LvActivation.Change(actx, group.Key, [.. group.Select(x => x.Lv)], yes, host, output, common.Live.Options(parse, context));
                    }
                }
                finally
                {
                    Print(context, output);
                }
                return 0;
            }
            string[] addTags = parse.GetValue(add) ?? [];
            string[] delTags = parse.GetValue(del) ?? [];
            if (addTags.Length + delTags.Length == 0)
            {
                throw new StorageException(ErrorCode.InvalidArgument, "No change requested: use --addtag or --deltag.");
            }
            SystemContext ctx = common.Context(context, parse, "lvchange");
            foreach (string arg in parse.GetValue(args)!)
            {
                (VgName vg, string lv) = VgLv(arg);
                Run(context, ctx, vg, (u, output) => LvTags.Apply(u.Vg, lv, addTags, delTags, output), handlesMissingPvs: true);
            }
            return 0;
        });
        return command;
    }

    private static Command Convert(CliContext context)
    {
        var command = new Command("lvconvert", "Change mirror images of a logical volume (metadata; inactive LVs)");
        var common = new Common();
        common.AddTo(command);
        var mirrors = new Option<string>("--mirrors", "-m") { Description = "N, +N or -N mirror images." };
        var type = new Option<string>("--type") { Description = "mirror" };
        var mirrorLog = new Option<string>("--mirrorlog") { Description = "disk|core" };
        var region = new Option<string>("--regionsize", "-R") { Description = "Region size (default MiB)." };
        var repair = new Option<bool>("--repair") { Description = "Remove the failed images and log of an active mirror (-y: and replace them)." };
        var args = new Argument<string[]>("VG/LV [PV...]") { Arity = ArgumentArity.OneOrMore };
        foreach (Option o in new Option[] { mirrors, type, mirrorLog, region, repair })
        {
            command.Add(o);
        }
        command.Add(args);
        command.SetAction(parse =>
        {
            string[] a = parse.GetValue(args)!;
            (VgName vg, string lv) = VgLv(a[0]);
            if (parse.GetValue(repair))
            {
                SystemContext rctx = common.Context(context, parse, "lvconvert");
                using IDeviceHost host = LiveHost.Require();
                var output = new LvOutput();
                LiveMirrorRepair.Repair(rctx, vg, lv, parse.GetValue(common.Yes), host, output, common.Live.Options(parse, context));
                Print(context, output);
                return 0;
            }
            if (parse.GetValue(type) is { } t && t != "mirror")
            {
                throw new StorageException(ErrorCode.Unsupported, $"Conversion to {t} is not supported yet.");
            }
            bool? coreLog = parse.GetValue(mirrorLog) switch
            {
                null => null,
                "core" => true,
                "disk" => false,
                string other => throw new StorageException(ErrorCode.Unsupported, $"Mirror log type {other} is not supported."),
            };
            string m = parse.GetValue(mirrors) ?? (coreLog is not null ? "+0" : throw new StorageException(ErrorCode.InvalidArgument, "Please give -m/--mirrors (or --mirrorlog)."));
            SizeSpec count = SizeSpec.ParseExtents(m);
            var request = new LvConvertMirrorRequest
            {
                Mirrors = (int)count.Extents,
                Sign = count.Sign,
                TypeMirror = parse.GetValue(type) == "mirror",
                CoreLog = coreLog,
                RegionSize = parse.GetValue(region) is { } r ? (uint)SizeSpec.ParseSize(r).Size!.Value.Value : null,
                Alloc = common.Policy(parse),
                Yes = parse.GetValue(common.Yes),
            };
            SystemContext ctx = common.Context(context, parse, "lvconvert");
            RunLive(context, parse, common, ctx, vg,
                (host, output, options) => LiveMirrorConvert.Convert(ctx, vg, lv, request with { Pvs = PvArgs(ctx, vg, a[1..]) }, host, output, options),
                (u, output) =>
                {
                    if (!LvConvertMirror.Apply(u.Vg, lv, request with { Pvs = Pvs(u, a[1..]) }, new LvFactory(ctx.Time), output, u.CommitIntermediate))
                    {
                        u.LeaveUnchanged();
                    }
                    return true;
                });
            return 0;
        });
        return command;
    }

    private static Command Display(CliContext context)
    {
        var command = new Command("lvdisplay", "Display logical volumes");
        var devices = new DeviceOptions();
        devices.AddTo(command);
        var all = new Option<bool>("--all", "-a") { Description = "Include internal LVs." };
        var args = new Argument<string[]>("VG|VG/LV") { Arity = ArgumentArity.ZeroOrMore };
        command.Add(all);
        command.Add(args);
        command.SetAction(parse =>
        {
            using DeviceMapper.Engine.IDeviceHost? host = LiveHost.TryConnect();
            Reports.ILiveLvSource? live = host is null ? null : new Activation.HostLvSource(host);
            ScanResult scan = LockedScan.Scan(Config.SystemDir.Resolve(), devices.Resolve(parse));
            string[] names = parse.GetValue(args) ?? [];
            foreach (LoadedVg loaded in scan.Vgs)
            {
                loaded.Vg.UpdateDerived();
                foreach (LogicalVolume lv in loaded.Vg.LogicalVolumes)
                {
                    bool wanted = names.Length == 0 || names.Contains(loaded.Vg.Name.Value) || names.Contains($"{loaded.Vg.Name}/{lv.Name}");
                    if (wanted && (lv.IsVisible || parse.GetValue(all)))
                    {
                        context.Output.Write(LvDisplayText.Format(loaded, lv, live?.State(loaded, lv)));
                    }
                }
            }
            return 0;
        });
        return command;
    }
}
