using System.CommandLine;
using System.Globalization;
using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.Cli;

/// <summary>
/// The CLI side of activation: the persistent device host (the daemon; devices must outlive the command), the
/// -v … -vvvv options (device-mapper operations in LVM2's words on stderr) and the resync progress.
/// </summary>
internal sealed class LiveHost
{
    private readonly Option<bool> _v1 = new("--verbose", "-v") { Description = "Log each device-mapper operation." };
    private readonly Option<bool> _v2 = new("-vv") { Hidden = true };
    private readonly Option<bool> _v3 = new("-vvv") { Hidden = true };
    private readonly Option<bool> _v4 = new("-vvvv") { Description = "Also log tables and planner decisions." };

    private readonly Option<string> _mode = new("--activationmode")
    {
        Description = "partial: activate LVs with areas on missing PVs (those areas return I/O errors); degraded|complete: refuse them.",
    };

    private readonly Option<bool> _partial = new("--partial", "-P") { Description = "Same as --activationmode partial." };

    public LiveHost() => _mode.AcceptOnlyFromAmong("partial", "degraded", "complete");

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { _v1, _v2, _v3, _v4, _mode, _partial })
        {
            command.Add(o);
        }
    }

    /// <summary>The daemon, or exit 5 with one line saying how to start it.</summary>
    public static IDeviceHost Require() => DeviceHosts.Connect()
        ?? throw new StorageException(ErrorCode.NotFound, "Activation needs a persistent device host, and no sharplvm daemon answers.",
            "start one with `sharplvm daemon --background`");

    /// <summary>The daemon when one runs (then LVs may be active), else null (metadata only).</summary>
    public static IDeviceHost? TryConnect() => DeviceHosts.Connect();

    public ActivationOptions Options(ParseResult parse, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(context);
        bool debug = parse.GetValue(_v4);
        bool verbose = debug || parse.GetValue(_v3) || parse.GetValue(_v2) || parse.GetValue(_v1);
        bool terminal = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        bool partial = parse.GetValue(_partial) || parse.GetValue(_mode) == "partial";
        if (partial)
        {
            context.Error.WriteLine("  PARTIAL MODE. Incomplete logical volumes will be processed.");
        }
        return new ActivationOptions
        {
            Level = debug ? DmLogLevel.Debug : verbose ? DmLogLevel.Verbose : DmLogLevel.Warning,
            Log = (_, message) => context.Error.WriteLine("  " + message),
            PartialActivation = partial,
            SyncProgress = (inSync, total) =>
            {
                string percent = (total == 0 ? 100.0 : 100.0 * inSync / total).ToString("F2", CultureInfo.InvariantCulture);
                if (terminal)
                {
                    const int width = 30;
                    int filled = total == 0 ? width : (int)(30UL * inSync / total);
                    context.Error.Write($"\r  [{new string('#', filled)}{new string('.', width - filled)}] Converted: {percent}%");
                    if (inSync == total)
                    {
                        context.Error.WriteLine();
                    }
                }
                else if (inSync == total || verbose)
                {
                    context.Output.WriteLine($"  Converted: {percent}%");
                }
            },
        };
    }
}
