using System.Diagnostics;
using System.Security.Cryptography;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>The real NBD and filesystem tools these tests drive: skip reasons, runs with a time limit, checksums.</summary>
internal static class NbdTools
{
    /// <summary>Skips the test when <paramref name="tool"/> is missing, naming the Debian package that has it.</summary>
    public static void Require(string tool, string package) =>
        Skip.IfNot(Tool.Exists(tool), $"{tool} is not installed (apt-get install -y {package})");

    public static void RequireRoot(string what) =>
        Skip.IfNot(Environment.UserName == "root", $"{what} needs root");

    /// <summary>The URI of an export on the daemon's Unix socket, as libnbd and qemu spell it.</summary>
    public static string Uri(string socket, string export) => $"nbd+unix:///{export}?socket={socket}";

    /// <summary>Runs a tool to completion (at most <paramref name="minutes"/>); asserts exit 0; returns stdout.</summary>
    public static string Ok(string program, IEnumerable<string> args, int minutes = 5)
    {
        var (code, stdout, stderr) = Run(program, args, minutes);
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, int minutes = 5)
    {
        using var p = Start(program, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {minutes} min");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start " + program);
    }

    /// <summary>SHA-256 of <paramref name="length"/> bytes of a file or block device from <paramref name="offset"/>.</summary>
    public static string Sha256(string path, long offset = 0, long? length = null)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        f.Position = offset;
        long left = length ?? f.Length - offset;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 20];
        while (left > 0)
        {
            int n = f.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            Assert.True(n > 0, $"{path} ends {left} bytes early");
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// A sparse file of <paramref name="bytes"/> with <paramref name="chunks"/> random 1 MiB chunks spread over it
    /// (the rest holes), so that a GiB costs little disk.
    /// </summary>
    public static void SparseRandomFile(string path, long bytes, int chunks, int seed)
    {
        var random = new Random(seed);
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(bytes);
        byte[] chunk = new byte[1 << 20];
        long stride = bytes / chunks;
        for (int i = 0; i < chunks; i++)
        {
            random.NextBytes(chunk);
            // Unaligned offsets inside each stride, so that chunks straddle block and request boundaries.
            long offset = i * stride + random.NextInt64(stride - chunk.Length) / 512 * 512 + 512 * (i % 3);
            f.Position = Math.Min(offset, bytes - chunk.Length);
            f.Write(chunk);
        }
    }
}
