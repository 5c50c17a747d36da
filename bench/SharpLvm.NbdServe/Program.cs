using System.Globalization;
using System.Net;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;

// Serves one image file over NBD until SIGINT/SIGTERM, for benchmarks and manual tests:
//   SharpLvm.NbdServe <image> --unix <path> [--tcp <port>] [--name <export>] [--readonly] [--verbose]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SharpLvm.NbdServe <image> [--unix <path>] [--tcp <port>] [--name <export>] [--readonly] [--verbose]");
    return 2;
}
string image = args[0];
string? unixPath = null, name = "";
int? tcpPort = null;
bool readOnly = false, verbose = false;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--unix": unixPath = args[++i]; break;
        case "--tcp": tcpPort = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--name": name = args[++i]; break;
        case "--readonly": readOnly = true; break;
        case "--verbose": verbose = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

using var device = FileBlockDevice.Open(image, readOnly);
var exports = new NbdExportSet { DefaultName = name };
exports.Add(new NbdExport(name, device, Path.GetFileName(image), readOnly));
var options = new NbdServerOptions { Log = verbose ? message => Console.Error.WriteLine(message) : null };
await using var server = new NbdServer(exports, options);
if (unixPath is not null)
{
    server.ListenUnix(unixPath);
}
if (tcpPort is int port)
{
    Console.Error.WriteLine($"listening on {server.ListenTcp(new IPEndPoint(IPAddress.Loopback, port))}");
}

var done = new TaskCompletionSource();
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; done.TrySetResult(); });
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; done.TrySetResult(); });
Console.Error.WriteLine("ready");
await done.Task;
await server.StopAsync();
if (verbose)
{
    Console.Error.WriteLine($"gc: gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() >> 20} MiB");
}
return 0;
