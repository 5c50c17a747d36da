using System.CommandLine;
using SharpLvm.Config;
using SharpLvm.Devices;

namespace SharpLvm.Cli;

/// <summary>LVM2's <c>--devices</c> and <c>--devicesfile</c> options, shared by every command that reads devices.</summary>
internal sealed class DeviceOptions
{
    public Option<string[]> Devices { get; } = new("--devices")
    {
        Description = "Devices (image files or block devices) to use, comma-separated; may repeat. Replaces the devices file.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> DevicesFile { get; } = new("--devicesfile")
    {
        Description = "A devices file in <system dir>/devices (default system.devices).",
    };

    public void AddTo(Command command)
    {
        command.Add(Devices);
        command.Add(DevicesFile);
    }

    public IReadOnlyList<string> Resolve(ParseResult parse) =>
        DeviceSelection.Resolve(parse.GetValue(Devices), parse.GetValue(DevicesFile), SystemDir.Resolve());
}
