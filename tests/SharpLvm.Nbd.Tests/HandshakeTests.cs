using System.Buffers.Binary;
using System.Text;
using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Server;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Greeting_is_NBDMAGIC_IHAVEOPT_and_fixed_newstyle_with_no_zeroes()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Connect(h.SocketPath);
        byte[] greeting = client.ReadGreeting();
        Assert.Equal("NBDMAGICIHAVEOPT", Encoding.ASCII.GetString(greeting, 0, 16));
        Assert.Equal(0x0003, client.HandshakeFlags);
    }

    [Theory]
    [InlineData(0x4u)]
    [InlineData(0x80000001u)]
    public async Task Unknown_client_flags_close_the_connection(uint flags)
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Connect(h.SocketPath);
        client.ReadGreeting();
        client.SendClientFlags(flags);
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task Option_without_IHAVEOPT_magic_closes_the_connection()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.List, [], magic: 0x1122334455667788);
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task List_names_every_export_with_its_description_then_acks()
    {
        await using var h = new ServerHarness();
        using var second = new ProbeDevice(new DeviceMapper.Units.Sectors(8));
        h.Exports.Add(new NbdExport("vg0/lv1", second));
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.List, []);
        var servers = new List<(string Name, string Description)>();
        OptionReply reply;
        while ((reply = client.ReadOptionReply()).Type == 2)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(reply.Data);
            servers.Add((Encoding.UTF8.GetString(reply.Data, 4, length), Encoding.UTF8.GetString(reply.Data, 4 + length, reply.Data.Length - 4 - length)));
        }
        Assert.Equal(1u, reply.Type);
        Assert.Equal([("disk", "test disk"), ("vg0/lv1", "")], servers);
    }

    [Fact]
    public async Task List_with_data_is_invalid_and_negotiation_goes_on()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.List, [1, 2, 3]);
        Assert.Equal(0x80000003u, client.ReadOptionReply().Type);
        var (_, final) = client.Go("disk");
        Assert.Equal(1u, final.Type);
    }

    [Fact]
    public async Task Info_reports_size_flags_block_sizes_name_and_description_and_keeps_negotiating()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        var (infos, final) = client.InfoOrGo(NbdOptionValues.Info, "disk", 1, 2, 3, 999);
        Assert.Equal(1u, final.Type);
        Assert.Equal(ServerHarness.DefaultSize, client.ExportSize);
        // HAS_FLAGS, SEND_FLUSH, SEND_FUA, SEND_TRIM, SEND_WRITE_ZEROES, CAN_MULTI_CONN.
        Assert.Equal(0x016D, client.TransmissionFlags);
        var block = infos.Single(i => i.InfoType == 3).Data;
        Assert.Equal(14, block.Length);
        Assert.Equal((512u, 4096u, 32u * 1024 * 1024),
            (BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(6)), BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(10))));
        Assert.Equal("disk", Encoding.UTF8.GetString(infos.Single(i => i.InfoType == 1).Data, 2, 4));
        Assert.Equal("test disk", Encoding.UTF8.GetString(infos.Single(i => i.InfoType == 2).Data.AsSpan(2)));
        Assert.Equal(12, infos.Single(i => i.InfoType == 0).Data.Length);

        // INFO does not start transmission: GO still works.
        var (_, go) = client.Go("disk");
        Assert.Equal(1u, go.Type);
        Assert.Equal(new byte[512], client.Read(0, 512));
    }

    [Fact]
    public async Task Go_to_an_unknown_export_is_ERR_UNKNOWN_then_a_known_one_works()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        var (infos, final) = client.Go("nope");
        Assert.Empty(infos);
        Assert.Equal(0x80000006u, final.Type);
        Assert.Equal(1u, client.Go("disk").Final.Type);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]                         // shorter than 6
    [InlineData(new byte[] { 0, 0, 0, 9, (byte)'d', 0, 0 })]      // name length past the data
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 2, 0, 1 })]           // two info ids announced, one sent
    public async Task Malformed_go_is_ERR_INVALID(byte[] data)
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.Go, data);
        Assert.Equal(0x80000003u, client.ReadOptionReply().Type);
        Assert.Equal(1u, client.Go("disk").Final.Type);
    }

    [Theory]
    [InlineData(NbdOptionValues.StartTls)]
    [InlineData(NbdOptionValues.ListMetaContext)]
    [InlineData(4u)]
    [InlineData(0xdeadu)]
    public async Task Unknown_options_are_ERR_UNSUP_and_negotiation_goes_on(uint option)
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(option, [0, 0, 0, 0]);
        var reply = client.ReadOptionReply();
        Assert.Equal(option, reply.Option);
        Assert.Equal(0x80000001u, reply.Type);
        Assert.Equal(1u, client.Go("disk").Final.Type);
    }

    [Fact]
    public async Task Abort_is_acknowledged_and_the_connection_closes()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.Abort, []);
        var reply = client.ReadOptionReply();
        Assert.Equal((NbdOptionValues.Abort, 1u), (reply.Option, reply.Type));
        Assert.True(client.IsClosedByServer());
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 134)]
    public async Task Export_name_answers_size_flags_and_zero_padding_unless_no_zeroes(bool noZeroes, int replyLength)
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath, noZeroes);
        client.SendOption(NbdOptionValues.ExportName, Encoding.UTF8.GetBytes("disk"));
        var reply = client.ReadExactly(replyLength);
        Assert.Equal(ServerHarness.DefaultSize, BinaryPrimitives.ReadUInt64BigEndian(reply));
        Assert.Equal(0x016D, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(8)));
        Assert.All(reply[10..], b => Assert.Equal(0, b));
        client.SendRequest(Cmd.Write, 0, 512, payload: Enumerable.Repeat((byte)7, 512).ToArray());
        Assert.Equal(0u, client.ReadReply().Error);
        Assert.Equal(7, h.Device.Content.ToArray()[511]);
    }

    [Fact]
    public async Task Export_name_of_an_unknown_export_closes_the_connection()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.ExportName, Encoding.UTF8.GetBytes("nope"));
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task Structured_reply_is_acked_but_refused_with_data()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.StructuredReply, [1]);
        Assert.Equal(0x80000003u, client.ReadOptionReply().Type);
        client.SendOption(NbdOptionValues.StructuredReply, []);
        Assert.Equal(1u, client.ReadOptionReply().Type);
        client.Go("disk");
        Assert.Equal(0x0080, client.TransmissionFlags & 0x0080); // SEND_DF once structured
    }

    [Fact]
    public async Task Empty_name_selects_the_default_export()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        Assert.Equal(0x80000006u, client.Go("").Final.Type);
        h.Exports.DefaultName = "disk";
        Assert.Equal(1u, client.Go("").Final.Type);
        Assert.Equal(ServerHarness.DefaultSize, client.ExportSize);
    }

    [Fact]
    public async Task A_silent_client_is_dropped_after_the_handshake_timeout()
    {
        await using var h = new ServerHarness(new NbdServerOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = TestNbdClient.Connect(h.SocketPath);
        client.ReadGreeting();
        Assert.True(client.IsClosedByServer());
        Assert.True(Eventually.True(() => h.Server.ConnectionCount == 0));
    }

    [Fact]
    public async Task A_large_option_is_skipped_with_ERR_TOO_BIG_and_a_huge_one_closes()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.Go, new byte[100 * 1024]);
        Assert.Equal(0x80000009u, client.ReadOptionReply().Type);
        Assert.Equal(1u, client.Go("disk").Final.Type);

        using var hostile = TestNbdClient.Negotiated(h.SocketPath);
        hostile.SendOption(NbdOptionValues.Go, [], lengthOverride: 0xFFFFFFF0);
        Assert.True(hostile.IsClosedByServer());
    }

    [Fact]
    public async Task Read_only_export_advertises_read_only_and_no_trim_or_zeroes()
    {
        await using var h = new ServerHarness(readOnly: true);
        using var client = h.Open();
        Assert.Equal(0x0001 | 0x0002 | 0x0004 | 0x0008 | 0x0100, client.TransmissionFlags);
    }

    [Fact]
    public async Task Invalid_utf8_export_name_is_ERR_INVALID()
    {
        await using var h = new ServerHarness();
        using var client = TestNbdClient.Negotiated(h.SocketPath);
        client.SendOption(NbdOptionValues.Go, [0, 0, 0, 2, 0xff, 0xfe, 0, 0]);
        Assert.Equal(0x80000003u, client.ReadOptionReply().Type);
    }
}
