using System.Globalization;
using SharpLvm.Config;
using SharpLvm.Format.Text;
using SharpLvm.Metadata;
using SharpLvm.Model;
using SharpLvm.Operations;
using SharpLvm.Operations.Vg;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>
/// Eight processes create LVs in one VG at the same time, 10 each by default (CI sets
/// SHARPLVM_CONCURRENCY_CHANGES=50 for the full 400; every change is a new <c>dotnet</c> process). The V_&lt;vg&gt;
/// file lock must serialize them: every LV survives, the seqno goes up by exactly one per change, each archive
/// holds a distinct seqno, and vgck finds nothing wrong.
/// </summary>
public sealed class ConcurrentWritersTests
{
    private const int Writers = 8;

    private static int PerWriter =>
        int.TryParse(Environment.GetEnvironmentVariable("SHARPLVM_CONCURRENCY_CHANGES"), CultureInfo.InvariantCulture, out int n) ? n : 10;

    [Fact]
    public void Eight_processes_creating_lvs_lose_no_update()
    {
        using var dir = new TempDir();
        string sys = dir.File("sys");
        string image = dir.File("pv0.img");
        using (var f = new FileStream(image, FileMode.Create))
        {
            f.SetLength(4L << 30);
        }
        var setup = CliProcess.StartShell($"$SHARPLVM vgcreate vg0 {image}", sys);
        setup.WaitForExit();
        Assert.True(setup.ExitCode == 0, setup.StandardError.ReadToEnd());

        int per = PerWriter;
        var writers = Enumerable.Range(0, Writers).Select(w => CliProcess.StartShell(
            $"i=0; while [ $i -lt {per} ]; do out=$($SHARPLVM lvcreate -an -Zn -l 1 -n w{w}_$i vg0 2>&1) || {{ echo \"$out\" >&2; exit 1; }}; i=$((i+1)); done", sys)).ToList();
        foreach (var p in writers)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }

        var ctx = SystemContext.Create(sys, null, null, "test");
        LoadedVg vg = VgTransaction.Read(ctx, VgName.Parse("vg0"));
        int total = Writers * per;
        Assert.Equal(total, vg.Vg.LogicalVolumes.Count);
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, per).Select(i => $"w{w}_{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, vg.Vg.LogicalVolumes.Select(lv => lv.Name.Value).Order(StringComparer.Ordinal));
        Assert.Equal((ulong)total + 1, vg.Vg.Seqno);
        Assert.Empty(VgCk.Check(ctx, ["vg0"]));

        // Archives are written inside the lock before each change: their seqnos are 1..total, once each, in index order.
        var seqnos = SharpLvm.Archive.ArchiveFile.List(Path.Combine(sys, "archive"), "vg0")
            .Select(a => VgText.Parse(File.ReadAllText(a.Path)).Seqno).ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(i => (ulong)i), seqnos);
    }
}
