using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests;

public sealed class HostileInputTests
{
    private const uint EPerm = 1, EIo = 5, EInval = 22, ENoSpc = 28;

    [Theory]
    [InlineData(false, Cmd.Read, ServerHarness.DefaultSize, 512u, EInval)]
    [InlineData(false, Cmd.Read, ServerHarness.DefaultSize - 512, 1024u, EInval)]
    [InlineData(true, Cmd.Read, ulong.MaxValue - 100, 512u, EInval)]
    [InlineData(false, Cmd.Trim, ServerHarness.DefaultSize - 512, 1024u, EInval)]
    [InlineData(true, Cmd.WriteZeroes, ServerHarness.DefaultSize, 512u, ENoSpc)]
    [InlineData(false, Cmd.Read, 0ul, 32u * 1024 * 1024 + 1, EInval)]
    [InlineData(true, Cmd.Cache, 0ul, 512u, EInval)]
    [InlineData(true, Cmd.BlockStatus, 0ul, 512u, EInval)]
    [InlineData(false, 99, 0ul, 512u, EInval)]
    [InlineData(false, Cmd.Flush, 0ul, 512u, EInval)]
    public async Task Bad_requests_get_the_spec_error_and_the_connection_goes_on(bool structured, ushort type, ulong offset, uint length, uint error)
    {
        await using var h = new ServerHarness();
        using var client = h.Open(structured);
        var reply = client.Call(type, offset, length);
        Assert.Equal(error, reply.Error);
        if (structured)
        {
            Assert.Equal((ushort)0x8001, reply.ChunkType);
            Assert.False(string.IsNullOrEmpty(reply.Message));
        }
        Assert.Equal(new byte[512], client.Read(0, 512));
        Assert.Equal((0, 0), (h.Device.Reads - 1, h.Device.Writes));
    }

    [Theory]
    [InlineData(Cmd.Read, Cmd.FlagNoHole)]
    [InlineData(Cmd.Read, Cmd.FlagDf)]        // DF without structured replies
    [InlineData(Cmd.WriteZeroes, Cmd.FlagFastZero)]
    [InlineData(Cmd.Trim, 0x8000)]
    public async Task Flags_not_valid_for_the_command_are_EINVAL(ushort type, ushort flags)
    {
        await using var h = new ServerHarness();
        using var client = h.Open();
        Assert.Equal(EInval, client.Call(type, 0, 512, flags).Error);
    }

    [Fact]
    public async Task A_write_past_the_end_is_ENOSPC_and_its_payload_is_consumed()
    {
        await using var h = new ServerHarness();
        using var client = h.Open();
        var payload = Enumerable.Repeat((byte)0x55, 4096).ToArray();
        Assert.Equal(ENoSpc, client.Call(Cmd.Write, ServerHarness.DefaultSize - 512, 4096, payload: payload).Error);
        // The next request parses correctly: framing was kept.
        Assert.Equal(new byte[4096], client.Read(ServerHarness.DefaultSize - 4096, 4096));
    }

    [Fact]
    public async Task A_write_with_a_bad_flag_still_has_its_payload_consumed()
    {
        await using var h = new ServerHarness();
        using var client = h.Open();
        Assert.Equal(EInval, client.Call(Cmd.Write, 0, 1024, Cmd.FlagNoHole, new byte[1024]).Error);
        Assert.Equal(new byte[512], client.Read(0, 512));
    }

    [Fact]
    public async Task A_write_over_32_MiB_is_refused_and_the_connection_dropped_while_others_carry_on()
    {
        await using var h = new ServerHarness();
        using var other = h.Open();
        using var client = h.Open();
        client.SendRequest(Cmd.Write, 0, 64u * 1024 * 1024);
        client.Send(new byte[4096]);
        Assert.Equal(EInval, client.ReadReply().Error);
        Assert.True(client.IsClosedByServer());
        Assert.Equal(new byte[512], other.Read(0, 512));
    }

    [Theory]
    [InlineData(Cmd.Write, EPerm)]
    [InlineData(Cmd.Trim, EPerm)]
    [InlineData(Cmd.WriteZeroes, EPerm)]
    public async Task Writes_to_a_read_only_export_are_EPERM(ushort type, uint error)
    {
        await using var h = new ServerHarness(readOnly: true);
        using var client = h.Open();
        byte[]? payload = type == Cmd.Write ? new byte[512] : null;
        Assert.Equal(error, client.Call(type, 0, 512, payload: payload).Error);
        Assert.Equal(new byte[512], client.Read(0, 512));
        Assert.Equal(0u, client.Call(Cmd.Flush, 0, 0).Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Device_io_errors_become_EIO_and_the_connection_goes_on(bool structured)
    {
        await using var h = new ServerHarness();
        h.Device.FailingSectors[10] = true;
        using var client = h.Open(structured);
        var read = client.Call(Cmd.Read, 8 * 512, 4096);
        Assert.Equal(EIo, read.Error);
        Assert.Empty(read.Data);
        if (structured)
        {
            Assert.Contains("sector 10", read.Message, StringComparison.Ordinal);
        }
        Assert.Equal(EIo, client.Call(Cmd.Write, 10 * 512, 512, payload: new byte[512]).Error);
        Assert.Equal(new byte[512], client.Read(0, 512));
    }

    [Fact]
    public async Task A_bad_request_magic_drops_only_that_connection()
    {
        await using var h = new ServerHarness();
        using var other = h.Open();
        using var client = h.Open();
        client.Send(new byte[28]);
        Assert.True(client.IsClosedByServer());
        Assert.Equal(new byte[512], other.Read(0, 512));
    }

    [Fact]
    public async Task Garbage_instead_of_a_handshake_drops_the_connection()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Connect(h.SocketPath);
        client.ReadGreeting();
        client.Send(System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        Assert.True(client.IsClosedByServer());
        Assert.True(Eventually.True(() => h.Server.ConnectionCount == 0));
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_bounded_then_dropped_and_others_carry_on()
    {
        var options = new NbdServerOptions
        {
            MaxInFlightRequests = 4,
            MaxInFlightBytes = 4 * 1024 * 1024,
            IoTimeout = TimeSpan.FromMilliseconds(500),
        };
        await using var h = new ServerHarness(options, size: 64 * 1024 * 1024);
        using var other = h.Open();
        using var greedy = h.Open(structured: true);
        greedy.Socket.ReceiveBufferSize = 4096;
        // A thread of its own: a pool thread blocked in a socket send would starve the server's continuations.
        var sender = Task.Factory.StartNew(() =>
        {
            try
            {
                for (int i = 0; i < 2000; i++)
                {
                    greedy.SendRequest(Cmd.Read, (ulong)(i % 64) * 1024 * 1024, 1024 * 1024);
                }
            }
            catch (IOException)
            {
                // The server gave up on us: expected.
            }
        }, TaskCreationOptions.LongRunning);
        Assert.True(Eventually.True(() => h.Server.ConnectionCount == 1, 15000));
        // Only what the budget admits (plus what the socket buffers held) was ever read from the device.
        Assert.InRange(h.Device.Reads, 1, 64);
        Assert.Equal(new byte[512], other.Read(0, 512));
        await sender;
    }

    [Fact]
    public async Task A_paused_export_holding_many_requests_does_not_hold_up_another_export()
    {
        // Four clients fill their whole in-flight budget with reads of a paused (suspended) device: 256 requests
        // blocked in the device. Another export must still answer at once, and the held requests after resume.
        await using var h = new ServerHarness();
        using var otherDevice = new MemoryBlockDevice(new Sectors(2048), "other");
        h.Exports.Add(new NbdExport("other", otherDevice, null));
        var held = Enumerable.Range(0, 4).Select(_ => h.Open(structured: true)).ToList();
        try
        {
            h.Device.Running.Reset();
            foreach (var client in held)
            {
                for (int i = 0; i < 64; i++)
                {
                    client.SendRequest(Cmd.Read, (ulong)i * 4096, 4096);
                }
            }
            using var other = h.Open(structured: true, export: "other");
            Assert.Equal(new byte[4096], other.Read(0, 4096));
            Assert.Equal(0, h.Device.Reads);
            h.Device.Running.Set();
            foreach (var client in held)
            {
                Assert.All(Enumerable.Range(0, 64).Select(_ => client.ReadReply()), r => Assert.Equal(0u, r.Error));
            }
            Assert.Equal(256, h.Device.Reads);
        }
        finally
        {
            h.Device.Running.Set();
            held.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Requests_wait_for_a_paused_device_longer_than_the_io_timeout_then_complete()
    {
        await using var h = new ServerHarness(new NbdServerOptions { IoTimeout = TimeSpan.FromMilliseconds(200) });
        using var client = h.Open(structured: true);
        h.Device.Running.Reset();
        ulong write = client.SendRequest(Cmd.Write, 0, 512, payload: Enumerable.Repeat((byte)9, 512).ToArray());
        ulong read = client.SendRequest(Cmd.Read, 0, 512);
        ulong flush = client.SendRequest(Cmd.Flush, 0, 0);
        Thread.Sleep(1000);
        Assert.Equal(0, h.Device.Writes);
        h.Device.Running.Set();
        var cookies = Enumerable.Range(0, 3).Select(_ => client.ReadReply()).Select(r => (r.Cookie, r.Error)).ToHashSet();
        Assert.Equal([(write, 0u), (read, 0u), (flush, 0u)], cookies);
        Assert.Equal(1, h.Server.ConnectionCount);
    }
}
