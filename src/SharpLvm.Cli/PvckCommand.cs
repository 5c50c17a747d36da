using System.CommandLine;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Cli;

/// <summary><c>pvck --dump headers|metadata|metadata_all DEVICE</c>: LVM2's dump of the on-disk structures.</summary>
internal static class PvckCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("pvck", "Check metadata on physical volumes");
        var dump = new Option<string>("--dump") { Description = "headers, metadata or metadata_all", Required = true };
        dump.AcceptOnlyFromAmong("headers", "metadata", "metadata_all");
        var device = new Argument<string>("DEVICE");
        command.Add(dump);
        command.Add(device);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(device)!;
            using FileBlockDevice dev = FileBlockDevice.Open(path, readOnly: true);
            return PvckAdapter.Dump(dev, parse.GetValue(dump)!, context.Output);
        });
        return command;
    }
}
