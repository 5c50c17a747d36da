using System.CommandLine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Trace;

namespace SharpLvm.Cli;

/// <summary>
/// <c>verify-trace LOG [--start STATE]</c>: replays a real LVM2 <c>-vvvv</c> log through the safety checker and
/// prints each unsafe step with its line number. Exit 0 when safe (warnings allowed), 5 when any step is unsafe.
/// </summary>
internal static class VerifyTraceCommand
{
    public const int ExitUnsafe = 5;

    public static Command Create(CliContext context)
    {
        var command = new Command("verify-trace", "Check the device-mapper steps of an LVM2 -vvvv log for unsafe ordering");
        var log = new Argument<string>("LOG") { Description = "an LVM2 -vvvv debug log" };
        var start = new Option<string?>("--start") { Description = "devices before the log begins, one per line as `dmsetup table` prints them with the number after the name" };
        command.Add(log);
        command.Add(start);
        command.SetAction(parse =>
        {
            string logPath = parse.GetValue(log)!;
            string? statePath = parse.GetValue(start);
            foreach (string path in statePath is null ? [logPath] : new[] { logPath, statePath })
            {
                if (!File.Exists(path))
                {
                    throw new StorageException(ErrorCode.NotFound, $"File {path} not found.");
                }
            }
            TraceReport report = TraceVerifier.VerifyFile(logPath, statePath);
            foreach (var violation in report.Violations)
            {
                context.Output.WriteLine($"{logPath}:{violation}");
            }
            int errors = report.Safety.Errors.Count();
            context.Output.WriteLine($"{report.Steps.Count} device-mapper operations, {errors} unsafe, {report.Violations.Count - errors} warnings.");
            return errors == 0 ? 0 : ExitUnsafe;
        });
        return command;
    }
}
