using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Reports;

/// <summary>The LVM2 fixture sets decompressed once into a temporary directory: set name → image paths (pv0, pv1, …).</summary>
public sealed class FixtureImages : IDisposable
{
    public static readonly string[] Sets = ["vgsample", "wrapped", "twomda"];

    private readonly TempDir _dir = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _images = [];
    private readonly Lock _lock = new();

    /// <summary>The decompressed images of a set, in pvN order.</summary>
    public IReadOnlyList<string> Images(string set)
    {
        lock (_lock)
        {
            if (!_images.TryGetValue(set, out IReadOnlyList<string>? paths))
            {
                var list = new List<string>();
                for (int i = 0; File.Exists(TestPaths.Lvm2Fixture($"{set}.pv{i}.img.zst")); i++)
                {
                    list.Add(TestPaths.UnzstdToTempFile(TestPaths.Lvm2Fixture($"{set}.pv{i}.img.zst"), _dir.Path));
                }
                _images[set] = paths = list;
            }
            return paths;
        }
    }

    /// <summary>LVM2's text with /dev/loopN replaced by the N-th image path (longest N first).</summary>
    public string WithImagePaths(string set, string lvm2Text)
    {
        IReadOnlyList<string> images = Images(set);
        for (int i = images.Count - 1; i >= 0; i--)
        {
            lvm2Text = lvm2Text.Replace("/dev/loop" + i, images[i], StringComparison.Ordinal);
        }
        return lvm2Text;
    }

    public void Dispose() => _dir.Dispose();
}
