using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;

namespace SharpLvm.Tests.Format.Disk;

public class CommitProtocolTests
{
    private static string Text(string vg, int seqno, int padding) =>
        $"{vg} {{\nid = \"aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg\"\nseqno = {seqno}\n{new string('x', padding)}\n}}\n\n";

    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    private static string Str(MetadataCopy? copy) => copy is null ? "<none>" : Encoding.ASCII.GetString(copy.Text.Span);

    private static PhysicalVolumeDisk NewPv(IBlockDevice device, ulong? metadataSize = null, int copies = 1) =>
        PvFormatter.Format(device, new PvFormatOptions { MetadataSize = metadataSize, MetadataCopies = copies, DataAlignment = metadataSize is null ? PvFormatOptions.OneMiB : 512 });

    /// <summary>LVM2's vg_write + vg_commit over all areas: texts, then precommits, then commits.</summary>
    private static void CommitAll(PhysicalVolumeDisk pv, string text)
    {
        VgMetadataWriter.WriteAndPrecommit(pv.MetadataAreas, Bytes(text), written => Assert.Equal(text, Encoding.ASCII.GetString(written)));
        VgMetadataWriter.Commit(pv.MetadataAreas);
    }

    [Fact]
    public void Precommit_is_visible_only_as_precommitted_until_commit()
    {
        using var device = new MemoryBlockDevice(new Sectors(16384), "pvA");
        var area = NewPv(device).MetadataAreas[0];
        Assert.Null(area.ReadCommitted());
        CommitAll(PhysicalVolumeDisk.Open(device), Text("vg", 1, 10));
        area = PhysicalVolumeDisk.Open(device).MetadataAreas[0];
        area.WritePrecommit(Bytes(Text("vg", 2, 10)), _ => { });
        Assert.Equal(Text("vg", 1, 10), Str(area.ReadCommitted()));
        Assert.Equal(Text("vg", 2, 10), Str(area.ReadPrecommitted()));
        area.Commit();
        Assert.Equal(Text("vg", 2, 10), Str(area.ReadCommitted()));
        Assert.True(area.ReadHeader().Precommitted.IsEmpty);
    }

    [Fact]
    public void Revert_clears_the_precommit_and_keeps_the_committed_copy()
    {
        using var device = new MemoryBlockDevice(new Sectors(16384), "pvB");
        var pv = NewPv(device);
        CommitAll(pv, Text("vg", 1, 10));
        var area = pv.MetadataAreas[0];
        area.WritePrecommit(Bytes(Text("vg", 2, 10)), _ => { });
        area.Revert();
        Assert.Equal(Text("vg", 1, 10), Str(area.ReadPrecommitted()));
        Assert.Null(area.Pending);
        Assert.Equal(ErrorCode.InvalidState, Assert.Throws<StorageException>(area.Commit).Code);
    }

    [Fact]
    public void A_throwing_verifier_leaves_nothing_pointing_at_the_new_text()
    {
        using var device = new MemoryBlockDevice(new Sectors(16384), "pvC");
        var pv = NewPv(device);
        CommitAll(pv, Text("vg", 1, 10));
        var area = pv.MetadataAreas[0];
        Assert.Throws<InvalidOperationException>(() =>
            area.WritePrecommit(Bytes(Text("vg", 2, 10)), _ => throw new InvalidOperationException("parse failed")));
        Assert.True(area.ReadHeader().Precommitted.IsEmpty);
        Assert.Equal(Text("vg", 1, 10), Str(area.ReadPrecommitted()));
    }

    [Fact]
    public void Text_larger_than_half_the_area_is_refused_with_no_space_and_a_hint()
    {
        using var device = new MemoryBlockDevice(new Sectors(16384), "pvD");
        var area = NewPv(device).MetadataAreas[0];
        ulong max = area.MaxTextSize;
        area.WritePrecommit(new byte[max].Select(_ => (byte)'a').ToArray(), _ => { });
        area.Commit();
        var e = Assert.Throws<StorageException>(() => area.WriteText(new byte[max + 1].Select(_ => (byte)'a').ToArray()));
        Assert.Equal(ErrorCode.NoSpace, e.Code);
        Assert.Contains("pvD", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{max + 2} bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("--metadatasize", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_crash_after_any_write_of_a_commit_leaves_exactly_the_old_or_the_new_text(int copies)
    {
        string oldText = Text("vg", 1, 3000), newText = Text("vg", 2, 5000);
        using var template = new MemoryBlockDevice(new Sectors(16384), "pvE");
        CommitAll(NewPv(template, copies: copies), oldText);
        byte[] image = template.ToArray();

        // Count the writes of a full commit, then crash after each k of them.
        using var probe = new FaultInjectingBlockDevice(MemoryBlockDevice.FromBytes(image, "pvE"), ownsInner: true);
        CommitAll(PhysicalVolumeDisk.Open(probe), newText);
        long total = probe.WritesSeen;
        Assert.True(total >= 3 * copies);
        for (long k = 0; k <= total; k++)
        {
            var inner = MemoryBlockDevice.FromBytes(image, "pvE");
            using (var faulty = new FaultInjectingBlockDevice(inner))
            {
                faulty.StopWritesAfter(k);
                try
                {
                    CommitAll(PhysicalVolumeDisk.Open(faulty), newText);
                }
                catch (StorageException e) when (e.Code == ErrorCode.Corrupt)
                {
                    // Re-reading what was written found the lost write: the commit stops, as it should.
                }
            }
            foreach (var area in PhysicalVolumeDisk.Open(inner).MetadataAreas)
            {
                Assert.Contains(Str(area.ReadCommitted()), new[] { oldText, newText });
                Assert.Contains(Str(area.ReadPrecommitted()), new[] { oldText, newText });
            }
            if (k == total)
            {
                Assert.All(PhysicalVolumeDisk.Open(inner).MetadataAreas, a => Assert.Equal(newText, Str(a.ReadCommitted())));
            }
        }
    }

    [Fact]
    public void A_torn_write_during_a_commit_leaves_the_old_or_the_new_text()
    {
        string oldText = Text("vg", 1, 3000), newText = Text("vg", 2, 5000);
        using var template = new MemoryBlockDevice(new Sectors(16384), "pvT");
        CommitAll(NewPv(template), oldText);
        byte[] image = template.ToArray();
        // Write 1 is the new text (several sectors), 2 the precommit header, 3 the commit header.
        for (long k = 1; k <= 3; k++)
        {
            var inner = MemoryBlockDevice.FromBytes(image, "pvT");
            using (var faulty = new FaultInjectingBlockDevice(inner))
            {
                faulty.TearWrite(k);
                var e = Record.Exception(() => CommitAll(PhysicalVolumeDisk.Open(faulty), newText));
                Assert.True(e is null or StorageException { Code: ErrorCode.Corrupt }, e?.ToString());
            }
            var area = PhysicalVolumeDisk.Open(inner).MetadataAreas[0];
            if (k == 1)
            {
                Assert.Equal(oldText, Str(area.ReadCommitted()));
            }
            else
            {
                // Everything a header holds sits in its first 88 bytes, so half a header sector is the whole header.
                Assert.Contains(Str(area.ReadCommitted()), new[] { oldText, newText });
            }
        }
    }

    [Fact]
    public void Many_commits_wrap_the_ring_and_each_reads_back()
    {
        using var device = new MemoryBlockDevice(new Sectors(4096), "pvF");
        var pv = NewPv(device, metadataSize: 32 * 1024);
        var area = pv.MetadataAreas[0];
        Assert.Equal(32UL * 1024, area.Location.Size);
        int wrapped = 0;
        for (int seqno = 1; seqno <= 120; seqno++)
        {
            string text = Text("vgring", seqno, 1000 + (seqno * 397 % 6000));
            CommitAll(pv, text);
            var copy = PhysicalVolumeDisk.Open(device).MetadataAreas[0].ReadCommitted();
            Assert.Equal(text, Str(copy));
            Assert.Equal(0UL, copy!.Location.Offset % 512);
            if (copy.Location.Offset + copy.Location.Size > area.Location.Size)
            {
                wrapped++;
            }
        }
        Assert.True(wrapped > 0, "no copy wrapped past the end of the area");
    }

    [Fact]
    public void Next_offset_follows_lvm2s_rule_in_the_wrapped_fixture()
    {
        // seqno 100 ended 77 bytes before the end of the area, so seqno 101 went back to 512.
        var old = new RawLocation(1041920 - 4096, 6580, 0, 0);
        Assert.Equal(512UL, MetadataRing.NextOffset(1044480, old));
        // vgsample: seqno 12 at 38400 (+4583) was followed by seqno 13 at 43008.
        Assert.Equal(43008UL - 4096, MetadataRing.NextOffset(1044480, new RawLocation(38400 - 4096, 4583, 0, 0)));
    }

    [Fact]
    public void Ignored_area_is_skipped_by_writes_and_reads()
    {
        using var device = new MemoryBlockDevice(new Sectors(16384), "pvG");
        var pv = NewPv(device);
        var area = pv.MetadataAreas[0];
        area.SetIgnored(true);
        CommitAll(pv, Text("vg", 1, 10));
        Assert.True(area.IsIgnored);
        Assert.Null(area.ReadCommitted());
        Assert.Null(area.Pending);
        area.SetIgnored(false);
        CommitAll(pv, Text("vg", 2, 10));
        Assert.Equal(Text("vg", 2, 10), Str(area.ReadCommitted()));
    }
}
