using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests;

/// <summary>
/// The real <c>lvm</c> with a private LVM_SYSTEM_DIR: activation disabled, no backups or archives, no devices
/// file, and a filter that accepts only the given loop devices (see shared/notes/lvm2-tools.md).
/// </summary>
internal sealed class Lvm : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _env;

    public Lvm(IEnumerable<string> devices)
    {
        string accept = string.Join(", ", devices.Select(d => $"\"a|^{d}$|\""));
        File.WriteAllText(Path.Combine(_dir.Path, "lvm.conf"), $$"""
            global { activation = 0 }
            devices { global_filter = [ {{accept}}, "r|.*|" ] use_devicesfile = 0 obtain_device_list_from_udev = 0 }
            activation { udev_sync = 0 udev_rules = 0 }
            backup { backup = 0 archive = 0 }
            """);
        _env = new Dictionary<string, string> { ["LVM_SYSTEM_DIR"] = _dir.Path, ["LVM_SUPPRESS_FD_WARNINGS"] = "1" };
    }

    /// <summary>Why interop tests cannot run here, or null when they can.</summary>
    public static string? WhyNot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (loop devices)";
        }
        if (!Tool.Exists("lvm") || !Tool.Exists("losetup"))
        {
            return "needs lvm2 and losetup installed (apt-get install lvm2)";
        }
        if (!File.Exists("/dev/loop-control"))
        {
            return "needs loop devices (/dev/loop-control missing)";
        }
        return null;
    }

    /// <summary>Runs <c>lvm ARGS</c>; throws with lvm's stderr when it fails.</summary>
    public string Run(params string[] args)
    {
        (int code, string stdout, string stderr) = Tool.Run("lvm", args, _env);
        if (code != 0)
        {
            throw new InvalidOperationException($"lvm {string.Join(' ', args)} exited {code}: {stderr}");
        }
        return stdout;
    }

    /// <summary>Runs <c>lvm ARGS</c> and returns what it did, failing or not.</summary>
    public (int Code, string Stdout, string Stderr) TryRun(params string[] args) => Tool.Run("lvm", args, _env);

    public void Dispose() => _dir.Dispose();
}
