using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations;

namespace SharpLvm.Tests.Operations.Vg;

[Collection(SystemDirCollection.Name)]
public sealed class VgTransactionTests
{
    [Fact]
    public void An_update_bumps_the_seqno_once_and_archives_the_old_vg()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Ok("vgcreate", "vg0", a);
        int result = VgTransaction.Update(h.Context(), VgName.Parse("vg0"), vg =>
        {
            vg.Tags.Add("x");
            return 42;
        });
        Assert.Equal(42, result);
        LoadedVg vg = VgTransaction.Read(h.Context(), VgName.Parse("vg0"));
        Assert.Equal(2UL, vg.Vg.Seqno);
        Assert.Equal(["x"], vg.Vg.Tags);
        Assert.Single(Directory.GetFiles(Path.Combine(h.SystemDir, "archive"), "vg0_00000-*.vg"));
    }

    [Fact]
    public void A_change_that_throws_leaves_every_byte_alone()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img"), b = h.Image("b.img");
        h.Ok("vgcreate", "vg0", a, b);
        string[] before = [CliHarness.Hash(a), CliHarness.Hash(b)];
        Assert.Throws<StorageException>(() => VgTransaction.Update(h.Context(), VgName.Parse("vg0"),
            vg => throw new StorageException(ErrorCode.InvalidArgument, "no")));
        Assert.Equal(before, new[] { CliHarness.Hash(a), CliHarness.Hash(b) });
    }

    [Fact]
    public void Metadata_too_large_for_the_area_is_refused_and_the_vg_keeps_its_seqno()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Ok("pvcreate", "--metadatasize", "32k", "--dataalignment", "64k", a);
        h.Ok("vgcreate", "vg0", a);
        var e = Assert.Throws<StorageException>(() => VgTransaction.Update(h.Context(), VgName.Parse("vg0"), vg =>
        {
            for (int i = 0; i < 5000; i++)
            {
                vg.Tags.Add("tag" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }));
        Assert.Equal(ErrorCode.NoSpace, e.Code);
        Assert.Equal(1UL, VgTransaction.Read(h.Context(), VgName.Parse("vg0")).Vg.Seqno);
        Assert.Empty(h.VgCk());
    }

    [Fact]
    public void Concurrent_in_process_updates_lose_nothing()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img");
        h.Ok("vgcreate", "vg0", a);
        var ctx = h.Context();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                VgTransaction.Update(ctx, VgName.Parse("vg0"), vg => vg.Tags.Add($"t{t}_{i}"));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        LoadedVg vg = VgTransaction.Read(ctx, VgName.Parse("vg0"));
        Assert.Equal(40, vg.Vg.Tags.Count);
        Assert.Equal(41UL, vg.Vg.Seqno);
    }
}
