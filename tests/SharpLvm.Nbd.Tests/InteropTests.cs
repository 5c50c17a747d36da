using System.Security.Cryptography;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests;

/// <summary>
/// Our server against the real clients: libnbd's nbdinfo and nbdcopy (package libnbd-bin) and qemu-img /
/// qemu-io (package qemu-utils). Each export is an image file in /tmp served through <see cref="FileBlockDevice"/>.
/// </summary>
public sealed class InteropTests : IAsyncLifetime
{
    private const int ImageBytes = 64 * 1024 * 1024;
    private readonly string _dir = Path.Combine("/tmp", $"sharplvm-nbd-interop-{Guid.NewGuid():N}");
    private string _socket = "";
    private string _image = "";
    private FileBlockDevice? _device;
    private NbdExportSet _exports = new();
    private NbdServer? _server;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _socket = Path.Combine(_dir, "nbd.sock");
        _image = Path.Combine(_dir, "disk.img");
        var content = new byte[ImageBytes];
        new Random(7).NextBytes(content);
        File.WriteAllBytes(_image, content);
        _device = FileBlockDevice.Open(_image);
        _exports = new NbdExportSet();
        _exports.Add(new NbdExport("vg0/lv0", _device, "interop volume"));
        _exports.Add(new NbdExport("vg0/small", new MemoryBlockDevice(new Sectors(2048), "small")));
        _server = new NbdServer(_exports);
        _server.ListenUnix(_socket);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _device?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Uri(string export = "vg0/lv0") => $"nbd+unix:///{export}?socket={_socket}";

    private static string Require(string tool, string package)
    {
        string? path = ExternalTool.Find(tool);
        Skip.If(path is null, ExternalTool.MissingReason(tool, package));
        return path!;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    [SkippableFact]
    public async Task Nbdinfo_list_shows_every_export_with_its_description()
    {
        string nbdinfo = Require("nbdinfo", "libnbd-bin");
        string output = await ExternalTool.RunAsync(nbdinfo, "--list", $"nbd+unix:///?socket={_socket}");
        Assert.Contains("export=\"vg0/lv0\"", output, StringComparison.Ordinal);
        Assert.Contains("description: interop volume", output, StringComparison.Ordinal);
        Assert.Contains("export=\"vg0/small\"", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Nbdinfo_reports_size_flags_and_block_sizes()
    {
        string nbdinfo = Require("nbdinfo", "libnbd-bin");
        string output = await ExternalTool.RunAsync(nbdinfo, Uri());
        Assert.Contains($"export-size: {ImageBytes}", output, StringComparison.Ordinal);
        Assert.Contains("can_multi_conn: true", output, StringComparison.Ordinal);
        Assert.Contains("can_zero: true", output, StringComparison.Ordinal);
        Assert.Contains("block_size_minimum: 512", output, StringComparison.Ordinal);
        Assert.Contains("using structured", output, StringComparison.Ordinal);
        Assert.Equal($"{2048 * 512}", (await ExternalTool.RunAsync(nbdinfo, "--size", Uri("vg0/small"))).Trim());
    }

    [SkippableFact]
    public async Task Nbdcopy_out_of_the_export_gives_the_same_bytes()
    {
        string nbdcopy = Require("nbdcopy", "libnbd-bin");
        string copy = Path.Combine(_dir, "out.img");
        await ExternalTool.RunAsync(nbdcopy, Uri(), copy);
        Assert.Equal(Sha256(_image), Sha256(copy));
    }

    [SkippableFact]
    public async Task Nbdcopy_into_the_export_with_many_connections_and_requests_writes_the_same_bytes()
    {
        string nbdcopy = Require("nbdcopy", "libnbd-bin");
        string source = Path.Combine(_dir, "in.img");
        var content = new byte[ImageBytes];
        new Random(11).NextBytes(content);
        Array.Clear(content, 1 << 20, 4 << 20); // a zero run, which nbdcopy sends as WRITE_ZEROES
        File.WriteAllBytes(source, content);
        await ExternalTool.RunAsync(nbdcopy, "--connections=4", "--requests=32", "--flush", source, Uri());
        Assert.Equal(Sha256(source), Sha256(_image));
    }

    [SkippableFact]
    public async Task Qemu_img_convert_both_ways_and_compare()
    {
        string qemuImg = Require("qemu-img", "qemu-utils");
        string copy = Path.Combine(_dir, "qemu-out.img");
        await ExternalTool.RunAsync(qemuImg, "convert", "-f", "raw", "-O", "raw", Uri(), copy);
        Assert.Equal(Sha256(_image), Sha256(copy));

        string source = Path.Combine(_dir, "qemu-in.img");
        var content = new byte[ImageBytes];
        new Random(13).NextBytes(content);
        File.WriteAllBytes(source, content);
        await ExternalTool.RunAsync(qemuImg, "convert", "-n", "-f", "raw", "-O", "raw", source, Uri());
        await ExternalTool.RunAsync(qemuImg, "compare", "-f", "raw", "-F", "raw", source, Uri());
        Assert.Equal(Sha256(source), Sha256(_image));
    }

    [SkippableFact]
    public async Task Qemu_io_unaligned_writes_land_on_the_right_bytes()
    {
        string qemuIo = Require("qemu-io", "qemu-utils");
        await ExternalTool.RunAsync(qemuIo, "-f", "raw", "-c", "write -P 0xab 1000 3000", "-c", "aio_flush", Uri("vg0/small"));
        var small = _exports.Find("vg0/small")!.Device;
        var bytes = small.ReadBytes(0, 8192);
        Assert.All(bytes.AsSpan(1000, 3000).ToArray(), b => Assert.Equal(0xab, b));
        Assert.All(bytes.AsSpan(0, 1000).ToArray(), b => Assert.Equal(0, b));
        Assert.All(bytes.AsSpan(4000).ToArray(), b => Assert.Equal(0, b));
        string read = await ExternalTool.RunAsync(qemuIo, "-f", "raw", "-c", "read -P 0xab 1000 3000", Uri("vg0/small"));
        Assert.DoesNotContain("Pattern verification failed", read, StringComparison.Ordinal);
    }
}
