using ZstdSharp;

namespace SharpLvm.TestSupport;

/// <summary>
/// Where the seed lives: <c>shared/</c> beside the repository (CI clones the repository with shared/ next to it).
/// Set SHARPLVM_SHARED to point elsewhere.
/// </summary>
internal static class TestPaths
{
    private static readonly Lazy<string?> SharedLazy = new(FindShared);

    /// <summary>The shared/ directory, or null when it cannot be found.</summary>
    public static string? Shared => SharedLazy.Value;

    /// <summary>The repository root (the directory holding SharpLvm.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SharpLvm.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("SharpLvm.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    private static string? FindShared()
    {
        string? env = Environment.GetEnvironmentVariable("SHARPLVM_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, "fixtures")))
        {
            return env;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                if (Directory.Exists(Path.Combine(candidate, "fixtures")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        return null;
    }

    /// <summary>A path under shared/; throws when shared/ is missing (the seed is part of every checkout and of CI).</summary>
    public static string SharedFile(string relative) =>
        Path.Combine(Shared ?? throw new InvalidOperationException("shared/ (the seed) not found beside the repository; set SHARPLVM_SHARED"), relative);

    /// <summary>A file of the LVM2 2.03.16 fixture sets, e.g. "vgsample.vgs.json".</summary>
    public static string Lvm2Fixture(string name) => SharedFile(Path.Combine("fixtures", "lvm2-2.03.16", name));

    /// <summary>Decompresses a .zst file into memory.</summary>
    public static byte[] Unzstd(string path)
    {
        using var input = File.OpenRead(path);
        using var zstd = new DecompressionStream(input);
        using var output = new MemoryStream();
        zstd.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Decompresses a .zst image into a new temporary file and returns its path (delete it when done).</summary>
    public static string UnzstdToTempFile(string path, string directory)
    {
        string target = Path.Combine(directory, Path.GetFileNameWithoutExtension(path));
        using var input = File.OpenRead(path);
        using var zstd = new DecompressionStream(input);
        using var output = File.Create(target);
        zstd.CopyTo(output);
        return target;
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sharplvm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
