using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// What the kernel-lab guest needs to use the kernel's nbd client on our daemon: the AOT <c>sharplvm</c>, the
/// guest kernel's <c>nbd.ko</c> (from the same Debian package the lab boots), the host's <c>nbd-client</c>, and
/// the libssl/libcrypto that .NET opens at run time (not in <c>ldd</c>'s list, so the lab would not copy them).
/// Each method returns null and sets <see cref="WhyNot"/> when a piece cannot be had.
/// </summary>
internal sealed class KernelNbdPayload
{
    private static readonly string[] DlopenedLibraries =
        ["/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3"];

    public string? WhyNot { get; private set; }

    /// <summary>The kernel lab script: $KERNEL_LAB, else kernel-lab under the shared directory.</summary>
    public string? KernelLab()
    {
        string? path = Environment.GetEnvironmentVariable("KERNEL_LAB")
            ?? (TestPaths.Shared is { } shared ? Path.Combine(shared, "kernel-lab", "kernel-lab") : null);
        return Found(path, "the kernel lab (set KERNEL_LAB or provide /work/shared/kernel-lab)");
    }

    /// <summary>Fills <paramref name="dir"/>; false (with <see cref="WhyNot"/>) when something is missing.</summary>
    public bool Build(string dir, string workDir)
    {
        string? nbdClient = Found("/usr/sbin/nbd-client", "nbd-client (apt-get install -y nbd-client)");
        string? module = nbdClient is null ? null : NbdModule(workDir);
        string? binary = module is null ? null : AotBinary(workDir);
        if (binary is null)
        {
            return false;
        }
        foreach (string lib in DlopenedLibraries)
        {
            if (Found(lib, lib) is null)
            {
                return false;
            }
            File.Copy(lib, Path.Combine(dir, Path.GetFileName(lib)));
        }
        File.Copy(nbdClient!, Path.Combine(dir, "nbd-client"));
        File.Copy(module!, Path.Combine(dir, "nbd.ko"));
        File.Copy(binary, Path.Combine(dir, "sharplvm"));
        return true;
    }

    /// <summary>The lab's kernel package: what its cache's "current" points at, else what linux-image-amd64 depends on.</summary>
    private string? KernelPackage()
    {
        string cache = Environment.GetEnvironmentVariable("KERNEL_LAB_CACHE") ?? "/var/cache/kernel-lab";
        if (new DirectoryInfo(Path.Combine(cache, "current")).LinkTarget is { } target)
        {
            return Path.GetFileName(target);
        }
        var (code, stdout, _) = NbdTools.Run("apt-cache", ["depends", "linux-image-amd64"]);
        string? package = code != 0 ? null : stdout.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
            .Select(l => l["Depends: ".Length..]).FirstOrDefault();
        WhyNot = package is null ? "cannot tell which kernel the lab boots (apt-cache depends linux-image-amd64)" : null;
        return package;
    }

    /// <summary>nbd.ko unpacked from the kernel package (apt-get download; cached under /tmp by package).</summary>
    private string? NbdModule(string workDir)
    {
        if (KernelPackage() is not { } package)
        {
            return null;
        }
        string cached = Path.Combine(Path.GetTempPath(), "sharplvm-nbd-ko", package, "nbd.ko");
        if (File.Exists(cached))
        {
            return cached;
        }
        string download = Directory.CreateDirectory(Path.Combine(workDir, "kpkg")).FullName;
        var (code, _, err) = NbdTools.Run("/bin/sh", ["-c", $"cd '{download}' && apt-get download {package} && dpkg-deb -x {package}_*.deb x"], minutes: 10);
        string? ko = code != 0 ? null : Directory.EnumerateFiles(Path.Combine(download, "x"), "nbd.ko", SearchOption.AllDirectories).FirstOrDefault();
        if (ko is null)
        {
            WhyNot = $"could not take nbd.ko from {package}: {err.Trim()}";
            return null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.Copy(ko, cached, overwrite: true);
        return cached;
    }

    /// <summary>$SHARPLVM_AOT_BINARY, else the CLI published with Native AOT from a clone of this repository's HEAD.</summary>
    private string? AotBinary(string workDir)
    {
        if (Environment.GetEnvironmentVariable("SHARPLVM_AOT_BINARY") is { Length: > 0 } given)
        {
            return Found(given, "SHARPLVM_AOT_BINARY");
        }
        // A clone keeps the publish's restore (with a runtime identifier) away from the tested build's obj/.
        string clone = Path.Combine(workDir, "src");
        string output = Path.Combine(workDir, "aot");
        string script = $"git clone -q '{TestPaths.RepoRoot}' '{clone}' && cd '{clone}' && "
            + $"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 dotnet publish src/SharpLvm.Cli -r linux-x64 -c Release -p:PublishAot=true -o '{output}' -v q -nologo";
        var (code, stdout, err) = NbdTools.Run("/bin/sh", ["-c", script], minutes: 30);
        string binary = Path.Combine(output, "sharplvm");
        if (code != 0 || !File.Exists(binary))
        {
            WhyNot = $"Native AOT publish failed ({code}): {(err + stdout).Trim()[..Math.Min(400, (err + stdout).Trim().Length)]}";
            return null;
        }
        return binary;
    }

    private string? Found(string? path, string what)
    {
        if (path is not null && File.Exists(path))
        {
            return path;
        }
        WhyNot = $"{what} is missing";
        return null;
    }
}
