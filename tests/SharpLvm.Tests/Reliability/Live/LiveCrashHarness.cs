using System.Collections.Concurrent;
using SharpLvm.Activation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Operations;
using SharpLvm.Operations.Lv;
using SharpLvm.Tests.Activation;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// Crashes a live command (<see cref="LiveCrashScenario"/>) at each of its steps. Four PV images hold VG
/// <c>vg</c> with <c>vg/lv</c>; each run restores them, activates the LV on a fresh in-process host (the
/// daemon's role), starts the application writing, and runs the command through a <see cref="DyingHost"/> and
/// PVs opened as <see cref="DyingDevice"/>s sharing one <see cref="CrashSwitch"/>. The uncrashed run gives the
/// steps and the whole versions the command committed. After a crash the metadata must read as one of them;
/// then the next command (<c>vgchange -ay vg</c>, on the same host for a <see cref="CrashKind.Command"/> crash,
/// on a fresh host over the images as they were at the crash for a <see cref="CrashKind.Machine"/> crash) must
/// leave: no precommit, live tables = the committed metadata's, nothing suspended or half-loaded, every
/// acknowledged write readable on the LV and every mirror leg equal to the LV after resync.
/// </summary>
internal sealed partial class LiveCrashHarness : IDisposable
{
    private const long ImageMiB = 16;
    private static readonly DmName Top = DmName.Parse("vg-lv");
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly CliHarness _cli = new();
    private readonly string[] _images;

    public LiveCrashHarness() => _images = [.. Enumerable.Range(0, 4).Select(i => _cli.Image($"pv{i}.img", ImageMiB))];

    /// <summary>Which crash points to try (by step number k); all by default.</summary>
    public Func<long, bool> Points { get; init; } = _ => true;

    /// <summary>The uncrashed command's steps (what each was, whether a metadata write), once <see cref="Run"/> took them.</summary>
    public IReadOnlyList<(string What, bool IsWrite)> Steps { get; private set; } = [];

    private string Dir => Path.GetDirectoryName(_cli.SystemDir)!;

    private string Saved(string image, string set) => Path.Combine(Dir, set + "." + Path.GetFileName(image));

    public IReadOnlyList<LiveCrashReport> Run(LiveCrashScenario scenario, IReadOnlyList<CrashKind> kinds)
    {
        _cli.Ok(["pvcreate", .. _images]);
        _cli.Ok(["vgcreate", "-s", "1m", "vg", .. _images]);
        _cli.Ok(["lvcreate", .. scenario.Create, "-L", "4M", "-n", LiveCrashScenario.Lv, "vg"]);
        Save();
        VgState before = VgState.Read(_images);
        var committed = new List<VgState>();
        var clean = CrashSwitch.DieAfter(long.MaxValue);
        Trace($"{scenario.Name} uncrashed");
        var baseline = RunOnce(scenario, clean, CrashKind.Command, () => Watch(committed), null);
        Assert.False(baseline.Crashed);
        Assert.True(baseline.Problems.Count == 0, $"{scenario.Name} uncrashed: {string.Join('\n', baseline.Problems)}");
        VgState after = baseline.AtCrash;
        Assert.NotEqual(before.Main, after.Main);
        List<VgState> between = [.. committed.Where(c => c.Main != before.Main && c.Main != after.Main)];
        string? Classify(VgState s) => CrashHarness.Classify(s, before, after, between) is not { } v ? null
            : v == "new" && s.Main != after.Main ? "between" : v;

        var steps = Steps = clean.Steps;
        int writes = steps.Count(s => s.IsWrite);
        var reports = new List<LiveCrashReport>();
        foreach (CrashKind kind in kinds)
        {
            var tally = new Tally();
            var second = new RecoveryTally[] { new(CrashKind.Command), new(CrashKind.Machine) };
            foreach (bool tear in new[] { false, true })
            {
                for (int k = tear ? 1 : 0; k <= steps.Count; k++)
                {
                    if ((tear && !steps[k - 1].IsWrite) || !Points(k))
                    {
                        continue;
                    }
                    CrashSwitch First() => tear ? CrashSwitch.TearAt(k) : CrashSwitch.DieAfter(k);
                    string point = $"{scenario.Name} {kind} {(tear ? "torn" : "stop")} after step {k}/{steps.Count}"
                        + (k > 0 ? $" ({steps[k - 1].What})" : string.Empty);
                    if (tally.Count(point, () => RunOnce(scenario, First(), kind, null, Classify), o => o.AtCrash, Classify) is { } outcome)
                    {
                        CrashRecovery(scenario, kind, First, k, point, outcome.Recovery, Classify, second);
                    }
                }
            }
            reports.Add(new LiveCrashReport(scenario.Name, kind, writes, steps.Count - writes, tally.Tried, tally.Old, tally.New, tally.Between, tally.Torn,
                tally.Clean, tally.Problems));
            RecoveryReports.AddRange(second.Where(t => t.FirstPoints > 0).Select(t => t.Report(scenario.Name, kind)));
        }
        return reports;
    }

    /// <summary>Progress to <c>$SHARPLVM_LIVE_CRASH_TRACE</c> when set (a hung point shows there).</summary>
    private static void Trace(string line)
    {
        if (Environment.GetEnvironmentVariable("SHARPLVM_LIVE_CRASH_TRACE") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, [$"{DateTime.UtcNow:HH:mm:ss.fff} {line}"]);
        }
    }

    /// <summary>What one run gave: the state right after the crash, the next command's steps, the state right after it died (a second crash).</summary>
    private sealed record Outcome(bool Crashed, VgState AtCrash, List<string> Problems, List<(string What, bool IsWrite)> Recovery, VgState? AtSecond);

    private Outcome RunOnce(LiveCrashScenario scenario, CrashSwitch crash, CrashKind kind, Action? afterWrite, Func<VgState, string?>? classify, SecondCrash? second = null)
    {
        Restore("base");
        var problems = new List<string>();
        var log = new ConcurrentQueue<string>();
        var options = new ActivationOptions { SyncTimeout = Patience, Log = (_, m) => log.Enqueue(m) };
        var host = new InProcessDeviceHost();
        BlockWriter? writer = null;
        try
        {
            LvActivation.ChangeVg(Context(), LiveCrashScenario.Vg, true, host, new LvOutput(), options);
            Assert.True(host.WaitForSync(Top, Patience));
            writer = new BlockWriter(host.Engine, Top, seed: 7);
            if (scenario.WriterDuring)
            {
                writer.Start(atLeast: 32);
            }
            else
            {
                writer.WriteSome(64);
            }
            bool crashed = false;
            try
            {
                scenario.Command(Context((path, ro) => new DyingDevice(FileBlockDevice.Open(path, ro), crash, afterWrite)), new DyingHost(host, crash), options);
            }
            catch (SimulatedCrash)
            {
                crashed = true;
            }
            VgState atCrash = VgState.Read(_images);
            (Dictionary<long, uint>, (long, uint)?)? seen = null;
            if (crashed && kind == CrashKind.Machine)
            {
                (host, var atReboot) = Reboot(host, writer);
                seen = atReboot;
            }
            Trace($"  crashed {crashed}, settling");
            log.Clear();
            // The next command's steps are counted (and, for a second crash, it dies at one of them).
            var recovery = second?.Switch ?? CrashSwitch.DieAfter(long.MaxValue);
            VgState? atSecond = null;
            if (Settle(host, options, problems, recovery))
            {
                atSecond = VgState.Read(_images);
                if (second!.Kind == CrashKind.Machine)
                {
                    (host, var atReboot) = Reboot(host, writer);
                    seen ??= atReboot;
                }
                Trace("  recovery crashed, settling again");
                Settle(host, options, problems, null);
            }
            Trace($"  next command's steps: {string.Join(", ", recovery.Steps.Select(s => s.What))}");
            if (classify is not null && classify(VgState.Read(_images)) is null)
            {
                problems.Add("after the next command the metadata is neither of the versions the command committed");
            }
            Trace("  checking");
            CheckLive(host, writer, seen, problems);
            if (problems.Count > 0)
            {
                problems.Add("next command's log:\n  " + string.Join("\n  ", log.TakeLast(40)));
            }
            return new Outcome(crashed, atCrash, problems, recovery.Steps, atSecond);
        }
        finally
        {
            if (writer is not null && !writer.Stop(TimeSpan.FromSeconds(5)))
            {
                ResumeAll(host);
                writer.Stop(TimeSpan.FromSeconds(5));
            }
            host.Dispose();
        }
    }

    /// <summary>
    /// The machine dies: the application stops, every device is suspended top-down (so no mirror writes its log or
    /// resyncs while the images are copied), the images are copied as they are, the old host goes, and a fresh host
    /// starts over the copies. Returns it and what the application saw acknowledged before the crash.
    /// </summary>
    private (InProcessDeviceHost Host, (Dictionary<long, uint>, (long, uint)?) Seen) Reboot(InProcessDeviceHost host, BlockWriter writer)
    {
        writer.Stop(TimeSpan.FromMilliseconds(200));
        SuspendAll(host);
        var seen = writer.Snapshot();
        Save("crash");
        ResumeAll(host);
        Assert.True(writer.Stop(TimeSpan.FromSeconds(10)), "the application did not stop after the devices were resumed");
        host.Dispose();
        Restore("crash");
        return (new InProcessDeviceHost(), seen);
    }

    /// <summary>
    /// The next command: <c>vgchange -ay vg</c> settles any leftover precommit, then plans every LV active. Through
    /// <paramref name="crash"/> (its metadata writes and dm operations are steps) when given; true when it died there.
    /// </summary>
    private bool Settle(IDeviceHost host, ActivationOptions options, List<string> problems, CrashSwitch? crash)
    {
        try
        {
            if (crash is null)
            {
                LvActivation.ChangeVg(Context(), LiveCrashScenario.Vg, true, host, new LvOutput(), options);
            }
            else
            {
                LvActivation.ChangeVg(Context((path, ro) => new DyingDevice(FileBlockDevice.Open(path, ro), crash, null)), LiveCrashScenario.Vg, true,
                    new DyingHost(host, crash), new LvOutput(), options);
            }
        }
        catch (SimulatedCrash)
        {
            return true;
        }
        catch (StorageException e)
        {
            problems.Add($"vgchange -ay failed: {e.Message}");
        }
        return false;
    }

    private void CheckLive(InProcessDeviceHost host, BlockWriter writer, (Dictionary<long, uint> Acked, (long, uint)? InFlight)? atCrash, List<string> problems)
    {
        var ctx = Context();
        var loaded = VgTransaction.Read(ctx, LiveCrashScenario.Vg);
        if (loaded.Mdas.Any(m => m.UncommittedPrecommit))
        {
            problems.Add("a precommitted copy is left");
        }
        foreach (DeviceInfo d in host.List())
        {
            if (d.Suspended)
            {
                problems.Add($"{d.Name} is left suspended");
            }
            if (d.HasInactiveTable)
            {
                problems.Add($"{d.Name} is left with an inactive table");
            }
        }
        var visible = loaded.Vg.LogicalVolumes.Where(l => l.IsVisible).Select(l => l.Name.Value).ToList();
        var expected = ActivationHarness.ExpectedTables(ctx, host, LiveCrashScenario.Vg, visible);
        var live = ActivationHarness.LiveTables(host);
        foreach (var (name, table) in expected)
        {
            if (!live.TryGetValue(name, out string? now) || now != table)
            {
                problems.Add($"{name}: live table '{now ?? "(no device)"}', the metadata asks for '{table}'");
            }
        }
        problems.AddRange(live.Keys.Where(n => !expected.ContainsKey(n)).Select(n => $"{n} is live but not in the metadata"));
        bool stopped = writer.Stop(TimeSpan.FromSeconds(10));
        if (!stopped)
        {
            problems.Add("the application is still blocked after the next command");
            return;
        }
        var (acked, inFlight) = atCrash ?? writer.Snapshot();
        if (atCrash is null)
        {
            problems.AddRange(writer.Errors);
        }
        if (loaded.Vg.FindLv(LiveCrashScenario.Lv) is null || problems.Count > 0)
        {
            return;
        }
        byte[] top = Read(host, Top);
        problems.AddRange(BlockWriter.Lost(top, acked, inFlight).Take(5));
        if (!host.WaitForSync(Top, Patience))
        {
            problems.Add("the LV did not resync");
            return;
        }
        top = Read(host, Top);
        foreach (var leg in loaded.Vg.LogicalVolumes.Where(l => l.Name.Value.StartsWith(LiveCrashScenario.Lv + "_mimage_", StringComparison.Ordinal)))
        {
            if (!Read(host, LvDmNames.Name(loaded.Vg.Name, leg.Name)).AsSpan().SequenceEqual(top))
            {
                problems.Add($"mirror leg {leg.Name} differs from the LV after resync");
            }
        }
    }

    private static byte[] Read(InProcessDeviceHost host, DmName name)
    {
        using var dev = host.Engine.Open(name);
        var data = new byte[dev.Size.Bytes];
        dev.Read(Sectors.Zero, data);
        return data;
    }

    /// <summary>Suspends every live device that is not suspended yet, parents before the devices they use.</summary>
    private static void SuspendAll(IDeviceHost host)
    {
        while (true)
        {
            var running = host.List().Where(d => d.HasLiveTable && !d.Suspended).ToList();
            if (running.Count == 0)
            {
                return;
            }
            var used = running.SelectMany(d => host.GetDependencies(d.Name)).ToHashSet();
            foreach (var d in running.Where(d => !used.Contains(d.Number)))
            {
                host.Suspend(d.Name);
            }
        }
    }

    /// <summary>The dead machine's devices run again (only to let the application's blocked I/O go): inactive tables dropped, resumed bottom-up.</summary>
    private static void ResumeAll(IDeviceHost host)
    {
        foreach (var d in host.List().Where(d => d.HasInactiveTable))
        {
            host.ClearInactive(d.Name);
        }
        while (host.List().Where(d => d.Suspended).ToList() is { Count: > 0 } suspended)
        {
            var blocked = suspended.Select(d => d.Number).ToHashSet();
            var ready = suspended.Where(d => !host.GetDependencies(d.Name).Any(blocked.Contains)).ToList();
            foreach (var d in ready.Count > 0 ? ready : suspended)
            {
                host.Resume(d.Name);
            }
        }
    }

    private void Watch(List<VgState> committed)
    {
        VgState now = VgState.Read(_images);
        if (now.Readable && now.Copies.Count == 1 && !committed.Any(c => c.Main == now.Main))
        {
            committed.Add(now);
        }
    }

    private SystemContext Context(DeviceOpener? opener = null) => SystemContext.Create(_cli.SystemDir, _images, null, "test", openDevice: opener);

    private void Save(string set = "base")
    {
        foreach (string image in _images)
        {
            File.Copy(image, Saved(image, set), overwrite: true);
        }
        if (set == "base")
        {
            CrashHarness.CopyTree(_cli.SystemDir, Path.Combine(Dir, "sys.base"));
        }
    }

    private void Restore(string set)
    {
        foreach (string image in _images)
        {
            File.Copy(Saved(image, set), image, overwrite: true);
        }
        if (set == "base")
        {
            Directory.Delete(_cli.SystemDir, recursive: true);
            CrashHarness.CopyTree(Path.Combine(Dir, "sys.base"), _cli.SystemDir);
        }
    }

    public void Dispose() => _cli.Dispose();
}
