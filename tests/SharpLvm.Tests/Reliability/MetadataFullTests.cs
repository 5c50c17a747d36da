using System.Globalization;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// Issue 7's full metadata area (LVM2's metadata-full.sh): LVs are created on PVs with the smallest metadata
/// area until the text no longer fits; that lvcreate fails with one line naming the VG, the bytes needed and
/// the --metadatasize hint, and leaves every byte of the PVs as it was.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class MetadataFullTests
{
    // Long tags fill the text quickly.
    private static string[] Lvcreate(string name, string devices) =>
        ["lvcreate", "-n", name, "-l", "1", .. Enumerable.Range(0, 4).SelectMany(t => new[] { "--addtag", name + "_" + t + new string('t', 100) }),
            "vgfull", "--devices", devices];

    [Fact]
    public void A_full_metadata_area_fails_with_the_space_needed_and_leaves_the_vg_unchanged()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img", 64), b = h.Image("b.img", 64);
        string devices = a + "," + b;
        h.Ok("pvcreate", "--dataalignment", "32k", "--metadatasize", "32k", a, b, "--devices", devices);
        h.Ok("vgcreate", "-s", "64k", "vgfull", a, b, "--devices", devices);
        int created = 0;
        while (true)
        {
            string name = "lv" + created.ToString(CultureInfo.InvariantCulture);
            var (code, _, _) = h.Run(Lvcreate(name, devices));
            if (code != 0)
            {
                break;
            }
            created++;
            Assert.True(created < 500, "the metadata area never filled up");
        }
        Assert.True(created > 5, $"only {created} LVs fitted");
        string seqno = h.Ok("vgs", "-o", "vg_seqno", "--noheadings", "vgfull", "--devices", devices).Trim();

        string error = h.Fails(5, [a, b], Lvcreate("lv" + created.ToString(CultureInfo.InvariantCulture), devices));
        Assert.Contains("VG vgfull", error, StringComparison.Ordinal);
        Assert.Contains("is unchanged", error, StringComparison.Ordinal);
        Assert.Contains("--metadatasize", error, StringComparison.Ordinal);
        Assert.Matches(@"need at least \d+ bytes", error);
        Assert.Equal(seqno, h.Ok("vgs", "-o", "vg_seqno", "--noheadings", "vgfull", "--devices", devices).Trim());
        Assert.Equal(created.ToString(CultureInfo.InvariantCulture), h.Ok("vgs", "-o", "lv_count", "--noheadings", "vgfull", "--devices", devices).Trim());
        Assert.Empty(SharpLvm.Operations.Vg.VgCk.Check(h.Context(a, b), ["vgfull"]));
    }
}
