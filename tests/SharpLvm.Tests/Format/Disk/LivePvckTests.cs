using System.Diagnostics;
using System.Text;
using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.Format.Disk;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Disk;

/// <summary>Compares PvckDump with the real <c>pvck</c> (LVM2) run on image files; skips where pvck is missing.</summary>
public class LivePvckTests
{
    private const string Pvck = "/usr/sbin/pvck";

    private static List<string> RunPvck(string dump, string file)
    {
        var start = new ProcessStartInfo(Pvck) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--dump", dump, file })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return [.. (stdout + stderr.Result).Split('\n').SkipLast(1)
            .Where(l => !l.Contains("WARNING: Activation disabled", StringComparison.Ordinal))];
    }

    private static void AssertSameAsPvck(IBlockDevice device, string file)
    {
        var ours = new PvckDump(device, file);
        Assert.Equal(RunPvck("headers", file), ours.Headers());
        Assert.Equal(RunPvck("metadata", file), ours.Metadata());
        Assert.Equal(RunPvck("metadata_all", file), ours.MetadataAll());
    }

    public static TheoryData<string> Images => DiskFixtures.AllImages();

    [SkippableTheory]
    [MemberData(nameof(Images))]
    public void All_three_dumps_of_each_fixture_equal_real_pvck(string image)
    {
        Skip.IfNot(File.Exists(Pvck), "LVM2's pvck is not installed");
        using var dir = new TempDir();
        string file = dir.File(image + ".img");
        File.WriteAllBytes(file, DiskFixtures.Bytes(image));
        using var device = DiskFixtures.Device(image);
        AssertSameAsPvck(device, file);
    }

    [SkippableFact]
    public void A_ring_we_wrote_and_wrapped_reads_the_same_in_real_pvck()
    {
        Skip.IfNot(File.Exists(Pvck), "LVM2's pvck is not installed");
        using var dir = new TempDir();
        string file = dir.File("ours.img");
        using (var image = FileBlockDevice.CreateImage(file, new Sectors(8192)))
        {
            var pv = PvFormatter.Format(image, new PvFormatOptions { MetadataSize = 32 * 1024, DataAlignment = 512, MetadataCopies = 2 });
            for (int seqno = 1; seqno <= 40; seqno++)
            {
                string text = $"vgours {{\nid = \"aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg\"\nseqno = {seqno}\n" +
                    $"description = \"{new string('d', 700 + (seqno * 397 % 3000))}\"\n}}\n\n";
                foreach (var area in pv.MetadataAreas)
                {
                    area.WritePrecommit(Encoding.ASCII.GetBytes(text), _ => { });
                }
                foreach (var area in pv.MetadataAreas)
                {
                    area.Commit();
                }
            }
        }
        using var device = FileBlockDevice.Open(file, readOnly: true);
        AssertSameAsPvck(device, file);
    }
}
