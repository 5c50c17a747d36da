using SharpLvm.Config;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Operations;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Operations.Pv;

/// <summary>
/// pvchange --metadataignore and pvresize change a metadata area header or the PV label as part of the VG commit:
/// when the metadata write fails, those bytes are put back and every image is as before, byte for byte.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class PvCommitFailureTests
{
    /// <summary>Every write into the metadata text ring of <paramref name="failing"/> (after its first area header) throws.</summary>
    private static DeviceOpener FailMetadataTextWrites(string failing) =>
        (path, readOnly) =>
        {
            FileBlockDevice device = FileBlockDevice.Open(path, readOnly);
            if (path != failing)
            {
                return device;
            }
            var faulty = new FaultInjectingBlockDevice(device, ownsInner: true);
            faulty.FailWrites(new Sectors(9), new Sectors(2048 - 9));
            return faulty;
        };

    [Theory]
    [InlineData("y")]
    [InlineData("n")]
    public void A_failed_metadataignore_commit_leaves_the_area_headers_alone(string ignore)
    {
        using var h = new CliHarness();
        string a = h.Image("a.img", 64), b = h.Image("b.img", 64);
        h.Ok("vgcreate", "vg0", a, b);
        if (ignore == "n")
        {
            h.Ok("pvchange", "--metadataignore", "y", b);
        }
        string used = h.Ok("pvs", "-o", "pv_name,pv_mda_used_count", "--noheadings");
        h.Fails(5, [a, b], FailMetadataTextWrites(a), "pvchange", "--metadataignore", ignore, b);
        Assert.Equal(used, h.Ok("pvs", "-o", "pv_name,pv_mda_used_count", "--noheadings"));
        Assert.Empty(h.VgCk());
        h.Ok("pvchange", "--metadataignore", ignore, b);
        Assert.NotEqual(used, h.Ok("pvs", "-o", "pv_name,pv_mda_used_count", "--noheadings"));
    }

    [Fact]
    public void A_failed_pvresize_commit_leaves_the_label_alone()
    {
        using var h = new CliHarness();
        string a = h.Image("a.img", 64);
        h.Ok("vgcreate", "vg0", a);
        using (var f = new FileStream(a, FileMode.Open))
        {
            f.SetLength(128L << 20);
        }
        h.Fails(5, [a], FailMetadataTextWrites(a), "pvresize", a);
        Assert.Equal(64UL << 20, LabelSize(a));
        Assert.Empty(h.VgCk());
        h.Ok("pvresize", a);
        Assert.Equal(128UL << 20, LabelSize(a));
    }

    private static ulong LabelSize(string path)
    {
        using var device = FileBlockDevice.Open(path, readOnly: true);
        return SharpLvm.Format.Disk.PhysicalVolumeDisk.Open(device).Label.DeviceSize;
    }
}
