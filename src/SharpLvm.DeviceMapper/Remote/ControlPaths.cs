namespace SharpLvm.DeviceMapper.Remote;

/// <summary>
/// Where the daemon's sockets live: <c>$SHARPLVM_RUN_DIR</c> when set (tests), else
/// <c>$XDG_RUNTIME_DIR/sharplvm</c> when that is set, else <c>/run/sharplvm</c>.
/// </summary>
public static class ControlPaths
{
    public const string RunDirVariable = "SHARPLVM_RUN_DIR";

    public static string RunDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(RunDirVariable) is { Length: > 0 } explicitDir)
            {
                return explicitDir;
            }
            return Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg
                ? Path.Combine(xdg, "sharplvm")
                : "/run/sharplvm";
        }
    }

    public static string ControlSocket => Path.Combine(RunDirectory, "control.sock");

    public static string NbdSocket => Path.Combine(RunDirectory, "nbd.sock");

    public static string PidFile => Path.Combine(RunDirectory, "daemon.pid");

    /// <summary>Creates the run directory (mode 0700 when new) so the sockets in it are private.</summary>
    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
