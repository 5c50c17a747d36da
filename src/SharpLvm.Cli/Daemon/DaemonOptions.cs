using System.Globalization;
using System.Net;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Remote;

namespace SharpLvm.Cli.Daemon;

/// <summary>Where the daemon listens and what it writes.</summary>
internal sealed record DaemonOptions(string ControlSocket, string PidFile, string NbdSocket, IPEndPoint? NbdTcp, string? LogFile)
{
    public static DaemonOptions Resolve(string? pidFile, string? nbdSocket, string? nbdListen, string? logFile) => new(
        ControlPaths.ControlSocket,
        Path.GetFullPath(pidFile ?? ControlPaths.PidFile),
        Path.GetFullPath(nbdSocket ?? ControlPaths.NbdSocket),
        nbdListen is null ? null : ParseListen(nbdListen),
        logFile is null ? null : Path.GetFullPath(logFile));

    /// <summary>"[ADDR:]PORT", 127.0.0.1 when no address is given; IPv6 as "[::1]:PORT".</summary>
    public static IPEndPoint ParseListen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        string host = colon < 0 ? "127.0.0.1" : text[..colon].Trim('[', ']');
        string port = colon < 0 ? text : text[(colon + 1)..];
        if (!IPAddress.TryParse(host, out var address)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
        {
            throw new StorageException(ErrorCode.InvalidArgument, $"Invalid --nbd-listen \"{text}\": expected [ADDR:]PORT.");
        }
        return new IPEndPoint(address, p);
    }
}
