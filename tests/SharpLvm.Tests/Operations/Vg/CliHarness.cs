using SharpLvm.TestSupport;
using System.Security.Cryptography;
using SharpLvm.Cli;
using SharpLvm.Config;

namespace SharpLvm.Tests.Operations;

/// <summary>
/// Runs <c>sharplvm</c> in-process over image files in a temporary directory, with its own system directory
/// (LVM_SYSTEM_DIR is process-wide, so the tests using this harness share one non-parallel collection).
/// </summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDir _dir = new();

    public CliHarness() => Directory.CreateDirectory(SystemDir);

    public string SystemDir => _dir.File("sys");

    public string Image(string name, long megabytes = 100)
    {
        string path = _dir.File(name);
        using (var f = new FileStream(path, FileMode.Create))
        {
            f.SetLength(megabytes * 1024 * 1024);
        }
        return path;
    }

    public (int Code, string Out, string Err) Run(params string[] args) => Run(null, args);

    /// <summary>Runs a command whose devices are opened through <paramref name="openDevice"/> (null: the files).</summary>
    public (int Code, string Out, string Err) Run(DeviceOpener? openDevice, params string[] args)
    {
        string? old = Environment.GetEnvironmentVariable(Config.SystemDir.LvmVariable);
        Environment.SetEnvironmentVariable(Config.SystemDir.LvmVariable, SystemDir);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApp.Run(args, stdout, stderr, openDevice);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Config.SystemDir.LvmVariable, old);
        }
    }

    /// <summary>Runs a command that must succeed; returns its stdout.</summary>
    public string Ok(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"sharplvm {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    /// <summary>Runs a command that must fail with <paramref name="expected"/>, one line on stderr, and no byte of the images changed.</summary>
    public string Fails(int expected, string[] images, params string[] args) => Fails(expected, images, null, args);

    /// <summary>As <see cref="Fails(int, string[], string[])"/>, with the devices opened through <paramref name="openDevice"/>.</summary>
    public string Fails(int expected, string[] images, DeviceOpener? openDevice, params string[] args)
    {
        string[] before = [.. images.Select(Hash)];
        var (code, _, error) = Run(openDevice, args);
        Assert.Equal(expected, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(before, images.Select(Hash));
        return error;
    }

    /// <summary>A context over the given devices, or the devices file when none are given.</summary>
    public SystemContext Context(params string[] devices) =>
        SystemContext.Create(SystemDir, devices.Length == 0 ? null : devices, null, "test");

    public IReadOnlyList<string> VgCk() => SharpLvm.Operations.Vg.VgCk.Check(Context(), []);

    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SystemDirCollection
{
    public const string Name = "LVM_SYSTEM_DIR";
}
