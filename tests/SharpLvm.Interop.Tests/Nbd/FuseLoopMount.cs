using System.Diagnostics;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// An NBD export made a block device on this host without the kernel's nbd client: <c>nbdfuse</c> shows it as a
/// file in a FUSE mount, <c>losetup</c> makes that file a loop device. Dispose detaches both (best effort).
/// </summary>
internal sealed class FuseLoopMount : IDisposable
{
    private readonly Process _nbdfuse;
    private readonly string _fuseDir;

    public FuseLoopMount(string uri, string fuseDir)
    {
        _fuseDir = Directory.CreateDirectory(fuseDir).FullName;
        _nbdfuse = NbdTools.Start("nbdfuse", [_fuseDir, uri]);
        string file = Path.Combine(_fuseDir, "nbd");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(file))
        {
            if (_nbdfuse.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"nbdfuse {uri} did not show {file}: {(_nbdfuse.HasExited ? _nbdfuse.StandardError.ReadToEnd() : "timeout")}");
            }
            Thread.Sleep(50);
        }
        Loop = NbdTools.Ok("losetup", ["-f", "--show", file]).Trim();
    }

    /// <summary>The loop device over the export.</summary>
    public string Loop { get; }

    public static string? WhyNot()
    {
        foreach (var (tool, package) in new[] { ("nbdfuse", "nbdfuse"), ("fusermount3", "fuse3"), ("losetup", "mount"), ("mkfs.ext4", "e2fsprogs") })
        {
            if (!Tool.Exists(tool))
            {
                return $"{tool} is not installed (apt-get install -y {package})";
            }
        }
        if (Environment.UserName != "root")
        {
            return "losetup and mount need root";
        }
        return File.Exists("/dev/fuse") && File.Exists("/dev/loop-control") ? null : "needs /dev/fuse and /dev/loop-control";
    }

    public void Dispose()
    {
        NbdTools.Run("losetup", ["-d", Loop]);
        NbdTools.Run("fusermount3", ["-u", _fuseDir]);
        if (!_nbdfuse.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _nbdfuse.Kill();
        }
        _nbdfuse.Dispose();
    }
}
