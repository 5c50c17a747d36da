using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests;

/// <summary>A fixture set's images decompressed into a private temporary directory (writable copies).</summary>
internal sealed class FixtureCopy : IDisposable
{
    private readonly TempDir _dir = new();

    public FixtureCopy(string set)
    {
        Set = set;
        var list = new List<string>();
        for (int i = 0; File.Exists(TestPaths.Lvm2Fixture($"{set}.pv{i}.img.zst")); i++)
        {
            list.Add(TestPaths.UnzstdToTempFile(TestPaths.Lvm2Fixture($"{set}.pv{i}.img.zst"), _dir.Path));
        }
        Images = list;
    }

    public string Set { get; }

    public IReadOnlyList<string> Images { get; }

    public string Directory => _dir.Path;

    public string DevicesArg => string.Join(',', Images);

    public void Dispose() => _dir.Dispose();
}
