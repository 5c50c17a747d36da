using System.CommandLine;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Metadata;

namespace SharpLvm.Cli;

/// <summary>
/// Hidden <c>generate-sample-vg VG IMAGE...</c>: creates image files holding a VG of many one-extent LVs
/// (for benchmarks and demos of large VGs). Not an LVM2 command.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("generate-sample-vg", "Create image files holding a VG of N linear LVs (benchmarks)") { Hidden = true };
        var lvs = new Option<int>("--lvs") { Description = "Number of LVs.", DefaultValueFactory = _ => 1000 };
        var extentMib = new Option<int>("--extent-size-mib") { Description = "Extent size in MiB.", DefaultValueFactory = _ => 4 };
        var vg = new Argument<string>("VG");
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        command.Add(lvs);
        command.Add(extentMib);
        command.Add(vg);
        command.Add(images);
        command.SetAction(parse =>
        {
            int count = parse.GetValue(lvs);
            SampleVgBuilder.Build(parse.GetValue(vg)!, parse.GetValue(images)!, count, new Sectors((ulong)parse.GetValue(extentMib) * 2048));
            context.Output.WriteLine($"  Volume group \"{parse.GetValue(vg)}\" with {count} LVs written.");
            return 0;
        });
        return command;
    }
}
