using System.Diagnostics;

namespace SharpLvm.Interop.Tests;

/// <summary>An image attached with <c>losetup -f --show</c>, detached on dispose.</summary>
internal sealed class LoopDevice : IDisposable
{
    private LoopDevice(string path) => Path = path;

    public string Path { get; }

    public static LoopDevice Attach(string image)
    {
        (int code, string output, string error) = Tool.Run("losetup", ["-f", "--show", image]);
        if (code != 0)
        {
            throw new InvalidOperationException($"losetup -f --show {image} failed: {error}");
        }
        return new LoopDevice(output.Trim());
    }

    public void Dispose() => Tool.Run("losetup", ["-d", Path]);
}

/// <summary>Runs an external tool and captures its output.</summary>
internal static class Tool
{
    public static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (KeyValuePair<string, string> kv in env ?? new Dictionary<string, string>())
        {
            info.Environment[kv.Key] = kv.Value;
        }
        using Process p = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static bool Exists(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(dir => File.Exists(System.IO.Path.Combine(dir, file)));
}
