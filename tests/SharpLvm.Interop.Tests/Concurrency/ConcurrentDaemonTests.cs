using SharpLvm.Activation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.Format.Text;
using SharpLvm.Interop.Tests.Daemon;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Vg;
using Xunit.Abstractions;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>
/// Issue 7, concurrency: one daemon serves three VGs (four PVs each, two more PVs in no VG); in each VG a linear,
/// a striped and a mirror LV are written and read back over NBD without pause, while CLI processes change the
/// VGs in parallel (own LVs created, resized, removed, deactivated, renamed; tags; lvconvert -m+1/-m-1 of the
/// mirror under I/O; lvextend of the linear LV under I/O) and readers run lvs, vgs, pvs and dmsetup. At the
/// end no update is lost, the seqnos rose by exactly the commits, the live tables are the metadata's, nothing is
/// suspended, vgck is clean, and every acknowledged write reads back over NBD and from each PV image copy.
/// </summary>
public sealed class ConcurrentDaemonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CliProcessesChangingThreeVgsWhileTheDaemonServesIoLoseNoUpdateAndNoWrite()
    {
        var (workerCount, commandsEach) = ConcurrencyLayout.Size;
        using var daemon = new DaemonProcess();
        string sys = Directory.CreateDirectory(daemon.Dir.File("etc")).FullName;
        var log = new CliCommandLog(daemon.Dir.Path, sys);
        string[] vgs = [.. Enumerable.Range(0, ConcurrencyLayout.Vgs).Select(i => $"cvg{i}")];
        string[] images = [.. Enumerable.Range(0, ConcurrencyLayout.Vgs * ConcurrencyLayout.PvsPerVg + ConcurrencyLayout.OrphanPvs)
            .Select(i => daemon.Image($"pv{i}.img", ConcurrencyLayout.PvBytes))];
        string[] orphans = images[^ConcurrencyLayout.OrphanPvs..];
        Setup(log, ["pvcreate", .. images]);
        for (int v = 0; v < vgs.Length; v++)
        {
            string[] pvs = images[(v * ConcurrencyLayout.PvsPerVg)..((v + 1) * ConcurrencyLayout.PvsPerVg)];
            Setup(log, ["vgcreate", vgs[v], .. pvs]);
            Setup(log, "lvcreate", "-L", $"{ConcurrencyLayout.IoLvMiB}M", "-n", "lin", vgs[v], pvs[0]);
            Setup(log, "lvcreate", "-i", "2", "-L", $"{ConcurrencyLayout.IoLvMiB}M", "-n", "str", vgs[v], pvs[1], pvs[2]);
            Setup(log, "lvcreate", "--type", "mirror", "-m", "1", "-L", $"{ConcurrencyLayout.IoLvMiB}M", "-n", "mir", vgs[v]);
        }
        using (var client = daemon.Client())
        {
            foreach (string vg in vgs)
            {
                Assert.True(client.WaitForSync(DmName.Parse($"{vg}-mir"), TimeSpan.FromMinutes(5)), $"{vg}/mir did not sync");
            }
        }
        var ctx = SystemContext.Create(sys, null, null, "test");
        var initialSeqno = vgs.ToDictionary(v => v, v => VgTransaction.Read(ctx, VgName.Parse(v)).Vg.Seqno, StringComparer.Ordinal);
        int setupRuns = log.Runs.Count;

        // I/O on every linear, striped and mirror LV; then the CLI workers and the readers at once.
        int blocks = ConcurrencyLayout.IoLvMiB * (1 << 20) / NbdBlockWriter.BlockBytes;
        var writers = vgs.SelectMany((vg, v) => new[] { "lin", "str", "mir" }.Select((lv, l) => new NbdBlockWriter(daemon.NbdSocket, $"{vg}/{lv}", 1 + v * 3 + l, blocks))).ToList();
        using var stopIo = new CancellationTokenSource();
        var io = writers.Select(w => Task.Factory.StartNew(() => w.Run(stopIo.Token), TaskCreationOptions.LongRunning)).ToList();
        var expect = new SharedExpectations();
        // Half the workers on cvg0 only (contention on one VG), the others over every VG.
        var workers = Enumerable.Range(0, workerCount).Select(w => new CliWorker(w, log, w % 2 == 0 ? [vgs[0]] : vgs, expect, commandsEach)).ToList();
        var readers = Enumerable.Range(0, ConcurrencyLayout.Readers).Select(r => new ReportReader(r, log, vgs, orphans)).ToList();
        using var stopReaders = new CancellationTokenSource();
        var reading = readers.Select(r => Task.Factory.StartNew(() => r.Run(stopReaders.Token), TaskCreationOptions.LongRunning)).ToList();
        var started = DateTime.UtcNow;
        await Task.WhenAll(workers.Select(w => Task.Factory.StartNew(w.Run, TaskCreationOptions.LongRunning)));
        var elapsed = DateTime.UtcNow - started;
        await stopReaders.CancelAsync();
        await Task.WhenAll(reading);
        await stopIo.CancelAsync();
        await Task.WhenAll(io);

        var problems = new List<string>();
        problems.AddRange(workers.SelectMany(w => w.Unexpected).Select(r => "unexpected failure: " + r));
        problems.AddRange(readers.SelectMany(r => r.Problems).Select(p => "reader: " + p));
        problems.AddRange(writers.SelectMany(w => w.Errors).Select(e => "I/O: " + e));
        foreach (var w in writers)
        {
            problems.AddRange(w.VerifyAll());
        }

        using var final = daemon.Client();
        foreach (string vg in vgs)
        {
            if (final.TryGetInfo(DmName.Parse($"{vg}-mir")) is not null)
            {
                Assert.True(final.WaitForSync(DmName.Parse($"{vg}-mir"), TimeSpan.FromMinutes(5)), $"{vg}/mir did not resync");
            }
        }
        int lost = 0;
        var loaded = vgs.ToDictionary(v => v, v => VgTransaction.Read(ctx, VgName.Parse(v)), StringComparer.Ordinal);
        foreach (string vg in vgs)
        {
            LoadedVg l = loaded[vg];
            var live = LiveVgDevices.Read(final, l.Vg);
            lost += CheckUpdates(vg, l.Vg, live, expect, problems);
            ulong rose = l.Vg.Seqno - initialSeqno[vg];
            int commits = expect.Commits.GetValueOrDefault(vg);
            if (rose != (ulong)commits)
            {
                problems.Add($"{vg}: seqno rose by {rose} ({initialSeqno[vg]} -> {l.Vg.Seqno}) but the successful commands committed {commits} times");
            }
            var active = live.ActiveTopLvs(l.Vg);
            var desired = VgDesiredState.Build(l.Vg, active, pv => final.Attach(l.DeviceOf(pv)!.Path), live);
            Plan plan = Planner.Plan(final, desired);
            if (plan.Steps.Count > 0)
            {
                problems.Add($"{vg}: live devices differ from the metadata's tables:\n{plan}");
            }
            problems.AddRange(CheckPvCopies(l, writers.Where(w => w.Export.StartsWith(vg + "/", StringComparison.Ordinal))));
        }
        var duplicateCommits = expect.CommittedSeqnos.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => $"{g.Key.Vg} seqno {g.Key.Seqno} committed {g.Count()} times");
        problems.AddRange(duplicateCommits);
        problems.AddRange(final.List().Where(d => d.Suspended).Select(d => $"device {d.Name} left suspended"));
        problems.AddRange(VgCk.Check(ctx, vgs).Select(p => "vgck: " + p));
        problems.AddRange(CheckSnapshots(sys, loaded, readers.SelectMany(r => r.Snapshots)));

        var runs = log.Runs.Skip(setupRuns).ToList();
        output.WriteLine($"CLI: {CliCommandLog.Binary}; {workerCount} workers x {commandsEach} changes + {ConcurrencyLayout.Readers} readers in parallel, {elapsed.TotalSeconds:F0} s");
        foreach (var kind in runs.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int refused = kind.Count(r => !r.Ok && CliWorker.Refused(r));
            output.WriteLine($"  {kind.Key,-14} {kind.Count(),5} run, {kind.Count(r => r.Ok),5} ok, {refused,4} refused as expected, {kind.Count(r => !r.Ok) - refused} failed");
            foreach (var why in kind.Where(r => !r.Ok).GroupBy(r => r.Stderr.Trim().Split('\n')[^1].Trim(), StringComparer.Ordinal))
            {
                output.WriteLine($"      {why.Count()} x {why.Key}");
            }
        }
        long served = writers.Sum(w => w.BytesServed);
        output.WriteLine($"updates lost: {lost}; writes: {writers.Sum(w => w.Writes)} acknowledged ({writers.Sum(w => w.Flushes)} flushes), "
            + $"{writers.Sum(w => w.BlocksVerified)} block reads verified over NBD; MiB served: {served / (1 << 20)}");
        output.WriteLine($"seqnos: {string.Join(", ", vgs.Select(v => $"{v} {initialSeqno[v]} -> {loaded[v].Vg.Seqno}"))}");
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(40)));
        Assert.Equal(0, lost);
    }

    private static void Setup(CliCommandLog log, params string[] args)
    {
        var run = log.Run("setup", "", args);
        Assert.True(run.Ok, run.ToString());
    }

    /// <summary>Counts the successful changes whose effect is missing from the final metadata and live state.</summary>
    private static int CheckUpdates(string vg, VolumeGroup final, LiveVgDevices live, SharedExpectations expect, List<string> problems)
    {
        int lost = 0;
        void Lost(string what)
        {
            lost++;
            problems.Add($"update lost: {what}");
        }
        var mine = expect.OwnLvs.Where(e => e.Key.StartsWith(vg + "/", StringComparison.Ordinal)).ToDictionary(e => e.Key[(vg.Length + 1)..], e => e.Value, StringComparer.Ordinal);
        var present = final.LogicalVolumes.Where(l => l.IsVisible && l.Name.Value.StartsWith('w')).ToDictionary(l => l.Name.Value, StringComparer.Ordinal);
        foreach (var (name, (extents, active)) in mine)
        {
            if (!present.TryGetValue(name, out var lv))
            {
                Lost($"{vg}/{name} is missing");
                continue;
            }
            if (lv.ExtentCount.Value != (ulong)extents)
            {
                Lost($"{vg}/{name} has {lv.ExtentCount.Value} extents, expected {extents}");
            }
            if ((live.Of(final, lv) is not null) != active)
            {
                Lost($"{vg}/{name} is {(active ? "inactive" : "active")}, expected {(active ? "active" : "inactive")}");
            }
        }
        foreach (string extra in present.Keys.Where(n => !mine.ContainsKey(n)))
        {
            Lost($"{vg}/{extra} exists but was removed or renamed");
        }
        foreach (string tag in expect.Tags.GetValueOrDefault(vg) ?? [])
        {
            if (!final.Tags.Contains(tag))
            {
                Lost($"{vg} lacks tag {tag}");
            }
        }
        var mir = final.FindLv("mir")!;
        int legs = mir.Segments is [MirrorSegment m] ? m.MirrorCount : 1;
        if (legs != 2 + expect.LegDelta.GetValueOrDefault(vg))
        {
            Lost($"{vg}/mir has {legs} legs, expected {2 + expect.LegDelta.GetValueOrDefault(vg)}");
        }
        int linExtents = ConcurrencyLayout.IoLvMiB / 4 + expect.LinExtents.GetValueOrDefault(vg);
        if (final.FindLv("lin")!.ExtentCount.Value != (ulong)linExtents)
        {
            Lost($"{vg}/lin has {final.FindLv("lin")!.ExtentCount.Value} extents, expected {linExtents}");
        }
        return lost;
    }

    /// <summary>Every written block of every I/O LV, read from each of its copies on the PV images.</summary>
    private static IEnumerable<string> CheckPvCopies(LoadedVg loaded, IEnumerable<NbdBlockWriter> writers)
    {
        var problems = new List<string>();
        var buffer = new byte[NbdBlockWriter.BlockBytes];
        foreach (var w in writers)
        {
            LogicalVolume lv = loaded.Vg.FindLv(w.Export[(w.Export.IndexOf('/', StringComparison.Ordinal) + 1)..])!;
            for (int b = 0; b < w.Blocks && problems.Count < 20; b++)
            {
                if (w.Expected(b) == 0)
                {
                    continue;
                }
                foreach (var (path, offset) in LvPvMap.Locate(loaded, lv, (ulong)b * NbdBlockWriter.BlockBytes / 512))
                {
                    using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    f.Position = offset;
                    f.ReadExactly(buffer);
                    if (w.Check(b, buffer, $"{path} at {offset}") is { } why)
                    {
                        problems.Add(why);
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>Each report's view of a VG must be the metadata committed at the seqno it showed (archived, or the final one).</summary>
    private static IEnumerable<string> CheckSnapshots(string sys, Dictionary<string, LoadedVg> final, IEnumerable<VgSnapshot> snapshots)
    {
        var archived = new Dictionary<(string, ulong), VolumeGroup>();
        foreach (string vg in final.Keys)
        {
            foreach (var a in SharpLvm.Archive.ArchiveFile.List(Path.Combine(sys, "archive"), vg))
            {
                var parsed = VgText.Parse(File.ReadAllText(a.Path));
                archived[(vg, parsed.Seqno)] = parsed;
            }
            archived[(vg, final[vg].Vg.Seqno)] = final[vg].Vg;
        }
        foreach (var s in snapshots)
        {
            if (!archived.TryGetValue((s.Vg, s.Seqno), out var vg))
            {
                // A seqno committed midway by a command that committed twice: not archived; nothing to compare.
                continue;
            }
            string[] names = [.. vg.LogicalVolumes.Where(l => l.IsVisible).Select(l => l.Name.Value).Order(StringComparer.Ordinal)];
            if (s.LvNames is { } lvs && !lvs.SequenceEqual(names))
            {
                yield return $"{s.Source} showed {s.Vg} seqno {s.Seqno} with LVs {string.Join(",", lvs)}; committed: {string.Join(",", names)}";
            }
            if (s.LvCount is { } count && count != names.Length)
            {
                yield return $"{s.Source} showed {s.Vg} seqno {s.Seqno} with {count} LVs; committed: {names.Length}";
            }
            if (s.Tags is { } tags && !tags.SequenceEqual(vg.Tags.Order(StringComparer.Ordinal)))
            {
                yield return $"{s.Source} showed {s.Vg} seqno {s.Seqno} with tags {string.Join(",", tags)}; committed: {string.Join(",", vg.Tags)}";
            }
        }
    }
}
