using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Metadata;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// Runs a <see cref="CrashScenario"/>: sets three PV images up, runs the command once without faults through a
/// counting <see cref="WriteClock"/> shared by every device it opens (before/after states and the number of
/// writes), then for every crash point restores the images, runs the command again with every write after the
/// k-th dropped (or the k-th torn in half as well), reads the images back and classifies them as the old VG,
/// the new VG or torn. After each crash <c>vgck --updatemetadata</c> must leave every metadata area at one
/// seqno with the VG unchanged otherwise.
/// </summary>
internal sealed class CrashHarness : IDisposable
{
    // Metadata lives in the first MiB (label, first area) and the last MiB (a second area): restoring those
    // regions restores the PV; the uncrashed run checks that nothing outside them is written.
    private const int Region = 1024 * 1024;
    private const int ImageMiB = 8;

    private readonly CliHarness _h = new();
    private readonly string[] _images;
    private readonly Dictionary<string, (byte[] Head, byte[] Tail)> _baseline = [];
    private string _sysBaseline = string.Empty;

    /// <summary>Which crash points to try (by k); all by default.</summary>
    public Func<long, bool> Points { get; init; } = _ => true;

    /// <summary>
    /// Called after each crash point that read as old or new ("crashed") and after its repair ("repaired"), with
    /// the point and the images: the interop test has real <c>lvm</c> read them there. Returns a problem or null.
    /// </summary>
    public Func<string, string, IReadOnlyList<string>, string?>? Check { get; init; }

    public CrashHarness() => _images = [_h.Image("a.img", ImageMiB), _h.Image("b.img", ImageMiB), _h.Image("c.img", ImageMiB)];

    private string Dir => Path.GetDirectoryName(_h.SystemDir)!;

    public CrashReport Run(CrashScenario scenario, bool withRepair = true)
    {
        foreach (string[] step in scenario.Setup)
        {
            RunPlain(step, mustSucceed: true);
        }
        Snapshot();
        VgState before = VgState.Read(_images);
        var counter = new WriteClock();
        // Commands that commit more than once (lvconvert to a mirror with a disk log commits the log first, as
        // LVM2 does) pass through whole committed versions between old and new: every area holds the same copy.
        // A crash may end at one of those too; any other state is torn.
        var committed = new List<VgState>();
        void Watch()
        {
            VgState now = VgState.Read(_images);
            if (now.Readable && now.Copies.Count == 1 && !committed.Any(c => c.Main == now.Main))
            {
                committed.Add(now);
            }
        }
        var (code, _, err) = _h.Run(Observed(counter, Watch), Expand(scenario.Command));
        Assert.True(code == 0, $"{scenario.Name} failed without faults: {err}");
        long writes = counter.WritesSeen;
        VgState after = VgState.Read(_images);
        Assert.True(after.Readable, after.Error);
        Assert.NotEqual(before.Main, after.Main);
        List<VgState> between = [.. committed.Where(c => c.Main != before.Main && c.Main != after.Main)];
        CheckOnlyRegionsChanged();

        var problems = new List<string>();
        int tried = 0, old = 0, @new = 0, torn = 0, repaired = 0;
        foreach (bool tear in new[] { false, true })
        {
            for (long k = tear ? 1 : 0; k <= writes; k++)
            {
                if (!Points(k))
                {
                    continue;
                }
                Restore();
                var clock = new WriteClock();
                clock.StopWritesAfter(k);
                if (tear)
                {
                    clock.TearWrite(k);
                }
                string point = $"{scenario.Name} {(tear ? "torn" : "stop")} at write {k}/{writes}";
                try
                {
                    _ = _h.Run(Opener(clock), Expand(scenario.Command));
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    problems.Add($"{point}: the command threw {e.GetType().Name}: {e.Message}");
                }
                tried++;
                VgState state = VgState.Read(_images);
                string? verdict = Classify(state, before, after, between);
                switch (verdict)
                {
                    case "old": old++; break;
                    case "new": @new++; break;
                    default:
                        torn++;
                        problems.Add($"{point}: torn ({state.Error ?? "reads as neither the old nor the new VG"})");
                        continue;
                }
                if (Check?.Invoke("crashed", point, _images) is { } disagreement)
                {
                    problems.Add($"{point} (ended {verdict}): {disagreement}");
                }
                if (withRepair && scenario.Vg is { } vg && (verdict == "new" || before.Main.Contains(vg + " {", StringComparison.Ordinal)))
                {
                    string? problem = Repair(vg, state);
                    problem ??= Check?.Invoke("repaired", point, _images);
                    if (problem is null)
                    {
                        repaired++;
                    }
                    else
                    {
                        problems.Add($"{point}: {problem}");
                    }
                }
            }
        }
        return new CrashReport(scenario.Name, writes, tried, old, @new, torn, repaired, problems);
    }

    internal static string? Classify(VgState state, VgState before, VgState after, IReadOnlyList<VgState> between)
    {
        if (!state.Readable)
        {
            return null;
        }
        // Every committed copy anywhere must be a whole VG text the command committed (old, between, new).
        if (state.Copies.Any(c => !before.Copies.Contains(c) && !after.Copies.Contains(c) && !between.Any(b => b.Copies.Contains(c))))
        {
            return null;
        }
        // A whole version committed midway counts as new: the command got past that commit.
        return state.Main == before.Main ? "old" : state.Main == after.Main || between.Any(b => b.Main == state.Main) ? "new" : null;
    }

    /// <summary>vgck --updatemetadata, then vgck must find nothing and the VG must be the same but for its seqno.</summary>
    private string? Repair(string vg, VgState crashed)
    {
        var (code, _, err) = _h.Run(null, Expand(["vgck", "--updatemetadata", vg]));
        if (code != 0)
        {
            return $"vgck --updatemetadata exited {code}: {err.Trim()}";
        }
        var (checkCode, _, checkErr) = _h.Run(null, Expand(["vgck", vg]));
        if (checkCode != 0)
        {
            return $"after the repair vgck still finds: {checkErr.Trim()}";
        }
        VgState repaired = VgState.Read(_images);
        if (repaired.WithoutSeqno != crashed.WithoutSeqno)
        {
            return "the repair changed the VG";
        }
        if (repaired.Copies.Count != 1)
        {
            return $"after the repair the metadata areas hold {repaired.Copies.Count} different copies";
        }
        return null;
    }

    private static DeviceOpener Observed(WriteClock clock, Action afterWrite) =>
        (path, readOnly) => new ObservedDevice(new FaultInjectingBlockDevice(FileBlockDevice.Open(path, readOnly), clock, ownsInner: true), afterWrite);

    private static DeviceOpener Opener(WriteClock clock) =>
        (path, readOnly) => new FaultInjectingBlockDevice(FileBlockDevice.Open(path, readOnly), clock, ownsInner: true);

    private void RunPlain(string[] step, bool mustSucceed)
    {
        string[] args = Expand(step);
        if (args[0] == "cp")
        {
            File.Copy(args[1], args[2], overwrite: true);
            return;
        }
        var (code, _, err) = _h.Run(null, args);
        Assert.True(!mustSucceed || code == 0, $"setup {string.Join(' ', step)} failed: {err}");
    }

    private string[] Expand(string[] args)
    {
        string[] expanded = [.. args.Select(a => a.Replace("{a}", _images[0], StringComparison.Ordinal)
            .Replace("{b}", _images[1], StringComparison.Ordinal).Replace("{c}", _images[2], StringComparison.Ordinal)
            .Replace("{dir}", Dir, StringComparison.Ordinal))];
        return expanded[0] == "cp" ? expanded : [.. expanded, "--devices", string.Join(',', _images)];
    }

    private void Snapshot()
    {
        foreach (string image in _images)
        {
            _baseline[image] = (ReadAt(image, 0, Region), ReadAt(image, ImageMiB * 1024L * 1024 - Region, Region));
        }
        _sysBaseline = Path.Combine(Dir, "sys.baseline");
        CopyTree(_h.SystemDir, _sysBaseline);
    }

    private void Restore()
    {
        foreach (string image in _images)
        {
            using var f = new FileStream(image, FileMode.Open, FileAccess.Write);
            f.Write(_baseline[image].Head);
            f.Seek(ImageMiB * 1024L * 1024 - Region, SeekOrigin.Begin);
            f.Write(_baseline[image].Tail);
        }
        Directory.Delete(_h.SystemDir, recursive: true);
        CopyTree(_sysBaseline, _h.SystemDir);
    }

    private void CheckOnlyRegionsChanged()
    {
        foreach (string image in _images)
        {
            byte[] middle = ReadAt(image, Region, ImageMiB * 1024 * 1024 - 2 * Region);
            Assert.True(middle.All(b => b == 0), $"the command wrote outside the metadata regions of {image}");
        }
    }

    private static byte[] ReadAt(string path, long offset, int length)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read);
        f.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[length];
        f.ReadExactly(buffer);
        return buffer;
    }

    internal static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }

    public void Dispose() => _h.Dispose();
}
