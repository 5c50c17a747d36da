using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests;

public sealed class TransmissionTests
{
    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_then_read_returns_the_data(bool structured)
    {
        await using var h = new ServerHarness();
        using var client = h.Open(structured);
        var data = Pattern(256 * 1024, 1);
        client.Write(4096, data);
        Assert.Equal(data, client.Read(4096, data.Length));
        Assert.Equal(data, h.Device.Content.ToArray().AsSpan(4096, data.Length).ToArray());
    }

    [Fact]
    public async Task Structured_read_is_one_OFFSET_DATA_chunk_with_DONE_and_the_offset()
    {
        await using var h = new ServerHarness();
        using var client = h.Open(structured: true);
        var reply = client.Call(Cmd.Read, 8192, 1024, Cmd.FlagDf);
        Assert.Equal((true, (ushort)1, (ushort)1, 1024), (reply.Structured, reply.ChunkType, reply.ChunkFlags, reply.Data.Length));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Zero_length_read_and_write_succeed_without_touching_the_device(bool structured)
    {
        await using var h = new ServerHarness();
        using var client = h.Open(structured);
        Assert.Equal(0u, client.Call(Cmd.Read, 512, 0).Error);
        Assert.Equal(0u, client.Call(Cmd.Write, 512, 0, payload: []).Error);
        Assert.Equal((0, 0), (h.Device.Reads, h.Device.Writes));
    }

    [Fact]
    public async Task Concurrent_unaligned_writes_to_one_sector_lose_nothing()
    {
        await using var h = new ServerHarness();
        var clients = Enumerable.Range(0, 8).Select(_ => h.Open()).ToArray();
        try
        {
            // Each client owns 64 bytes of every one of the first 16 sectors.
            Parallel.For(0, clients.Length, c =>
            {
                for (int sector = 0; sector < 16; sector++)
                {
                    clients[c].Write((ulong)((sector * 512) + (c * 64)), Enumerable.Repeat((byte)(c + 1), 64).ToArray());
                }
            });
            var content = h.Device.Content.ToArray();
            for (int sector = 0; sector < 16; sector++)
            {
                for (int c = 0; c < clients.Length; c++)
                {
                    Assert.All(content.AsSpan((sector * 512) + (c * 64), 64).ToArray(), b => Assert.Equal(c + 1, b));
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Flush_and_fua_flush_the_device()
    {
        await using var h = new ServerHarness();
        using var client = h.Open();
        Assert.Equal(0u, client.Call(Cmd.Flush, 0, 0).Error);
        Assert.Equal(1, h.Device.Flushes);
        client.Write(0, new byte[512], Cmd.FlagFua);
        Assert.Equal(2, h.Device.Flushes);
        client.Write(0, new byte[512]);
        Assert.Equal(2, h.Device.Flushes);
        Assert.Equal(0u, client.Call(Cmd.WriteZeroes, 0, 4096, Cmd.FlagFua).Error);
        Assert.Equal(3, h.Device.Flushes);
    }

    [Fact]
    public async Task Trim_discards_the_whole_sectors_inside_the_range()
    {
        await using var h = new ServerHarness();
        using var client = h.Open();
        Assert.Equal(0u, client.Call(Cmd.Trim, 100, 2000).Error); // bytes 100..2100 hold sectors 1..3
        Assert.Equal(0u, client.Call(Cmd.Trim, 1024, 100).Error); // no whole sector: nothing to do
        Assert.Equal([(1ul, 3ul)], h.Device.Discards.ToArray());
    }

    [Theory]
    [InlineData(0, 1u << 20, 0)]
    [InlineData(300, 5000u, 0)]
    [InlineData(700, 100u, Cmd.FlagNoHole)]
    [InlineData(512, 3u * 1024 * 1024, Cmd.FlagNoHole)]
    public async Task Write_zeroes_reads_back_as_zeros_and_leaves_the_rest(int offset, uint length, ushort flags)
    {
        await using var h = new ServerHarness();
        using var client = h.Open(structured: true);
        var data = Pattern(4 * 1024 * 1024, 3);
        client.Write(0, data);
        Assert.Equal(0u, client.Call(Cmd.WriteZeroes, (ulong)offset, length, flags).Error);
        var expected = (byte[])data.Clone();
        Array.Clear(expected, offset, (int)length);
        Assert.Equal(expected, client.Read(0, data.Length));
        Assert.Empty(h.Device.Discards);
    }

    [Fact]
    public async Task Replies_come_out_of_order_when_an_earlier_request_is_slow()
    {
        await using var h = new ServerHarness();
        h.Device.HoldReadsAt = 64;
        using var client = h.Open(structured: true);
        ulong slow = client.SendRequest(Cmd.Read, 64 * 512, 4096);
        Assert.True(h.Device.HeldReadStarted.Wait(10000));
        ulong fast = client.SendRequest(Cmd.Read, 0, 4096);
        Assert.Equal(fast, client.ReadReply().Cookie);
        h.Device.HeldReadRelease.Set();
        Assert.Equal(slow, client.ReadReply().Cookie);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Many_pipelined_requests_all_get_their_own_reply(bool structured)
    {
        await using var h = new ServerHarness();
        using var client = h.Open(structured);
        var expected = new Dictionary<ulong, byte[]>();
        for (int i = 0; i < 300; i++)
        {
            var data = Pattern(4096, i);
            client.SendRequest(Cmd.Write, (ulong)i * 4096 % ServerHarness.DefaultSize, 4096, payload: data);
        }
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(0u, client.ReadReply().Error);
        }
        for (int i = 0; i < 300; i++)
        {
            expected[client.SendRequest(Cmd.Read, (ulong)i * 4096, 4096)] = Pattern(4096, i);
        }
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 300; i++)
        {
            var reply = client.ReadReply();
            Assert.True(seen.Add(reply.Cookie));
            Assert.Equal(expected[reply.Cookie], reply.Data);
        }
    }

    [Fact]
    public async Task Cookies_are_echoed_unchanged()
    {
        await using var h = new ServerHarness();
        using var client = h.Open();
        foreach (ulong cookie in new ulong[] { 0, ulong.MaxValue, 0x0123456789abcdef })
        {
            client.SendRequest(Cmd.Flush, 0, 0, cookie: cookie);
            Assert.Equal(cookie, client.ReadReply().Cookie);
        }
    }

    [Fact]
    public async Task Disconnect_finishes_outstanding_requests_then_closes()
    {
        await using var h = new ServerHarness();
        h.Device.HoldReadsAt = 8;
        using var client = h.Open();
        ulong read = client.SendRequest(Cmd.Read, 8 * 512, 512);
        Assert.True(h.Device.HeldReadStarted.Wait(10000));
        client.SendRequest(Cmd.Disc, 0, 0);
        Thread.Sleep(100);
        h.Device.HeldReadRelease.Set();
        var reply = client.ReadReply();
        Assert.Equal((read, 0u), (reply.Cookie, reply.Error));
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task Many_connections_to_one_export_each_see_their_own_writes()
    {
        await using var h = new ServerHarness();
        // Threads of their own: 16 pool threads blocked in socket reads would starve the server's continuations.
        var tasks = Enumerable.Range(0, 16).Select(c => Task.Factory.StartNew(() =>
        {
            using var client = h.Open(structured: c % 2 == 0);
            ulong region = (ulong)c * 256 * 1024;
            for (int i = 0; i < 8; i++)
            {
                var data = Pattern(32 * 1024, (c * 100) + i);
                client.Write(region + ((ulong)i * 32 * 1024), data);
            }
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(Pattern(32 * 1024, (c * 100) + i), client.Read(region + ((ulong)i * 32 * 1024), 32 * 1024));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task A_payload_of_32_MiB_is_accepted()
    {
        await using var h = new ServerHarness(size: 64 * 1024 * 1024);
        using var client = h.Open(structured: true);
        var data = Pattern(32 * 1024 * 1024, 9);
        client.Write(0, data);
        Assert.Equal(data, client.Read(0, data.Length));
    }
}
