using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;

namespace SharpLvm.Nbd.Tests.Support;

/// <summary>A server on a fresh Unix socket in /tmp with one export "disk" over a probe device.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const ulong DefaultSize = 8 * 1024 * 1024;

    public ServerHarness(NbdServerOptions? options = null, ulong size = DefaultSize, bool readOnly = false, string? description = "test disk")
    {
        SocketPath = Path.Combine("/tmp", $"sharplvm-nbd-{Guid.NewGuid():N}.sock");
        Device = new ProbeDevice(new Sectors(size / 512), readOnly);
        Exports = new NbdExportSet();
        Export = new NbdExport("disk", Device, description);
        Exports.Add(Export);
        Server = new NbdServer(Exports, options ?? new NbdServerOptions());
        Server.ListenUnix(SocketPath);
    }

    public string SocketPath { get; }
    public ProbeDevice Device { get; }
    public NbdExportSet Exports { get; }
    public NbdExport Export { get; }
    public NbdServer Server { get; }

    public string Uri(string export = "disk") => $"nbd+unix:///{export}?socket={SocketPath}";

    public TestNbdClient Open(bool structured = false, string export = "disk") => TestNbdClient.Open(SocketPath, export, structured);

    public async ValueTask DisposeAsync()
    {
        Device.Running.Set();
        Device.HeldReadRelease.Set();
        await Server.DisposeAsync();
        Device.Dispose();
    }
}
