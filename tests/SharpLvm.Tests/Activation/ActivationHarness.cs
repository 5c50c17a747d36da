using System.Collections.Concurrent;
using SharpLvm.Activation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Tree;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Activation;

/// <summary>
/// A VG on image files made through the CLI, an in-process device host, and a -vvvv log captured in the
/// TraceParser's line format (so the captured log can be replayed by verify-trace).
/// </summary>
internal sealed class ActivationHarness : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();

    public ActivationHarness(int pvs = 4, long megabytes = 64)
    {
        Images = [.. Enumerable.Range(0, pvs).Select(i => Cli.Image($"pv{i}.img", megabytes))];
        Cli.Ok(["pvcreate", .. Images]);
        Cli.Ok(["vgcreate", "vg", .. Images]);
        Host = new InProcessDeviceHost();
        Options = new ActivationOptions
        {
            Level = DmLogLevel.Debug,
            Log = (level, message) => _log.Enqueue($"#libdm-sharplvm.c:{(int)level}  {message}"),
            SyncTimeout = TimeSpan.FromMinutes(2),
        };
    }

    public CliHarness Cli { get; } = new();

    public string[] Images { get; }

    public InProcessDeviceHost Host { get; }

    public ActivationOptions Options { get; set; }

    public static VgName Vg => VgName.Parse("vg");

    public SystemContext Context => Cli.Context(Images);

    public string Log => string.Join('\n', _log);

    public string[] LogLines => [.. _log];

    public void ClearLog() => _log.Clear();

    public VolumeGroup ReadVg() => VgTransaction.Read(Context, Vg).Vg;

    public byte[] ReadDevice(string name)
    {
        using var dev = Host.Engine.Open(DmName.Parse(name));
        var data = new byte[dev.Size.Bytes];
        dev.Read(Sectors.Zero, data);
        return data;
    }

    /// <summary>Live tables of the VG's devices, keyed by name.</summary>
    public Dictionary<string, string> LiveTables() => LiveTables(Host);

    /// <summary>Live tables of every device of <paramref name="host"/>, keyed by name.</summary>
    public static Dictionary<string, string> LiveTables(IDeviceHost host) =>
        host.List().ToDictionary(d => d.Name.Value, d => host.GetTable(d.Name)?.ToString() ?? "");

    /// <summary>The live state as verify-trace's start state: one target a line, "name major:minor: start length type params".</summary>
    public string StateText() => string.Join('\n', Host.List().SelectMany(d =>
        (Host.GetTable(d.Name)?.Lines ?? []).Select(l => $"{d.Name} {d.Number}: {l}")));

    /// <summary>The tables the committed metadata asks for with these LVs active, resolved against the live device numbers.</summary>
    public Dictionary<string, string> ExpectedTables(params string[] activeLvs) => ExpectedTables(Context, Host, Vg, activeLvs);

    /// <summary>The tables the committed metadata of <paramref name="vgName"/> asks for with these LVs active, resolved against <paramref name="host"/>'s device numbers.</summary>
    public static Dictionary<string, string> ExpectedTables(SystemContext ctx, IDeviceHost host, VgName vgName, IEnumerable<string> activeLvs)
    {
        var loaded = VgTransaction.Read(ctx, vgName);
        var vg = loaded.Vg;
        vg.UpdateDerived();
        var tables = new LvTables(vg, pv => host.Attach(loaded.DeviceOf(loaded.Vg.FindPv(pv.Id)!)!.Path));
        var result = new Dictionary<string, string>();
        foreach (var lv in activeLvs.Select(n => vg.FindLv(n)!).SelectMany(VgDesiredState.Stack))
        {
            var name = LvDmNames.Name(vg.Name, lv.Name).Value;
            var table = tables.For(lv);
            var resolved = new DeviceMapper.Targets.Table([.. table.Lines.Select(l => l with
            {
                Params = l.Params.WithDevices(d => d.Path is { } p && host.TryGetInfo(DmName.Parse(p["/dev/mapper/".Length..])) is { } info
                    ? DeviceMapper.Targets.DeviceRef.Of(info.Number) : d),
            })]);
            result[name] = resolved.ToString();
        }
        return result;
    }

    public void Dispose()
    {
        Host.Dispose();
        Cli.Dispose();
    }
}
