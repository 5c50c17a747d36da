using System.Diagnostics;

namespace SharpLvm.Interop.Tests.SideBySide;

/// <summary>
/// Real LVM2 on loop devices over image files: a private LVM_SYSTEM_DIR whose lvm.conf disables activation and
/// accepts only these loop devices. Detaches them on dispose.
/// </summary>
internal sealed class Lvm2Side : IDisposable
{
    private readonly List<string> _loops = [];

    public Lvm2Side(string dir, IReadOnlyList<string> images)
    {
        SystemDir = Path.Combine(dir, "lvm2-sys");
        Directory.CreateDirectory(SystemDir);
        foreach (string image in images)
        {
            _loops.Add(Run("losetup", ["-f", "--show", image]).Out.Trim());
        }
        WriteConfig();
    }

    private void WriteConfig()
    {
        string accept = string.Join(", ", _loops.Where(l => l.Length > 0).Select(l => $"\"a|^{l}$|\""));
        File.WriteAllText(Path.Combine(SystemDir, "lvm.conf"),
            "global { activation = 0 }\n" +
            $"devices {{ global_filter = [ {accept}, \"r|.*|\" ] use_devicesfile = 0 obtain_device_list_from_udev = 0 }}\n" +
            "backup { backup = 1 archive = 1 }\n");
    }

    /// <summary>Detaches the Nth loop device: its PV goes missing (the filter keeps only the attached ones).</summary>
    public void Detach(int index)
    {
        Run("losetup", ["-d", _loops[index]]);
        _loops[index] = string.Empty;
        WriteConfig();
    }

    /// <summary>Attaches <paramref name="image"/> again as the Nth device (a new loop device: the PV comes back).</summary>
    public void Attach(int index, string image)
    {
        _loops[index] = Run("losetup", ["-f", "--show", image]).Out.Trim();
        WriteConfig();
    }

    public string SystemDir { get; }

    public IReadOnlyList<string> Devices => _loops;

    public static bool Available(out string why)
    {
        why = !Environment.IsPrivilegedProcess ? "needs root for loop devices"
            : !File.Exists("/usr/sbin/lvm") && !File.Exists("/sbin/lvm") ? "needs LVM2's lvm (apt-get install lvm2)"
            : !File.Exists("/usr/sbin/losetup") && !File.Exists("/sbin/losetup") ? "needs losetup"
            : !File.Exists("/dev/loop-control") ? "needs loop devices"
            : string.Empty;
        return why.Length == 0;
    }

    public (int Code, string Out, string Err) Lvm(IEnumerable<string> args) => Run("lvm", args, SystemDir);

    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, string? systemDir = null)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (systemDir is not null)
        {
            info.Environment["LVM_SYSTEM_DIR"] = systemDir;
            info.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        }
        using Process p = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    public void Dispose()
    {
        foreach (string loop in _loops.Where(l => l.Length > 0))
        {
            Run("losetup", ["-d", loop]);
        }
        _loops.Clear();
    }
}
