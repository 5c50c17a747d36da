using SharpLvm.Cli.Daemon;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.Nbd.Exports;

namespace SharpLvm.Interop.Tests.Daemon;

public sealed class LvExportsTests
{
    [Fact]
    public void An_export_still_draining_delays_its_own_devices_removal_only()
    {
        using var engine = new UserspaceDeviceMapper();
        var set = new NbdExportSet();
        // A drain bound far longer than the test: were the other device's operation to wait for vg/a's drain, the
        // removal below would still be running when it returns only by waiting the whole minute.
        var lvExports = new LvExports(engine, set, drainTimeout: TimeSpan.FromMinutes(1));
        Create(engine, "vg-a", 'a');
        lvExports.Changed();
        NbdExport a = set.Find("vg/a")!;
        Assert.NotNull(a);
        // A connection whose requests do not finish (its device is suspended): vg/a's drain waits for it.
        var held = new HeldSession();
        Assert.True(a.TryAttach(held));
        var removing = new Thread(() => lvExports.Remove(DmName.Parse("vg-a"), () => engine.Remove(DmName.Parse("vg-a"))));
        removing.Start();
        try
        {
            Assert.True(held.ShutdownAsked.Wait(TimeSpan.FromSeconds(30)), "the removal never retired vg/a");

            // Meanwhile another device arrives and the daemon re-syncs: that goes on, and vg/a (still live, leaving)
            // is not exported again.
            Create(engine, "vg-b", 'b');
            lvExports.Changed();
            Assert.NotNull(set.Find("vg/b"));
            Assert.Null(set.Find("vg/a"));
            Assert.True(removing.IsAlive);
            Assert.NotNull(engine.TryGetInfo(DmName.Parse("vg-a")));
        }
        finally
        {
            // The held requests finish: the drain ends and the removal goes on.
            a.Detach(held);
        }
        Assert.True(removing.Join(TimeSpan.FromSeconds(30)));
        Assert.Null(engine.TryGetInfo(DmName.Parse("vg-a")));
        Assert.Null(set.Find("vg/a"));
        Assert.NotNull(set.Find("vg/b"));
    }

    private static void Create(UserspaceDeviceMapper engine, string name, char id)
    {
        var dm = DmName.Parse(name);
        engine.Create(dm, DmUuid.Parse("LVM-" + new string('v', 32) + new string(id, 32)));
        engine.Load(dm, Table.Parse("0 8 zero"));
        engine.Resume(dm);
    }

    private sealed class HeldSession : IExportSession
    {
        public ManualResetEventSlim ShutdownAsked { get; } = new();

        public void BeginShutdown() => ShutdownAsked.Set();
    }
}
