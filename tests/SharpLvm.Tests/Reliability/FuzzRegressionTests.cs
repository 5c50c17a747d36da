using System.Text;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Reliability;

/// <summary>Inputs the fuzzers found that broke a parser; each must now fail with a StorageException only.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Sample = File.ReadAllText(TestPaths.Lvm2Fixture("vgsample.vgcfgbackup.txt"));

    /// <summary>vg-import, seed 9D6b1D9JBN01: a seqno past 2^64 overflowed in the summariser (OverflowException).</summary>
    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("18446744073709551616")]
    public void A_seqno_past_ulong_is_corrupt_not_an_overflow(string seqno)
    {
        string text = System.Text.RegularExpressions.Regex.Replace(Sample, @"seqno = \d+", "seqno = " + seqno);
        var e = Assert.Throws<StorageException>(() => VgText.Summarize(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(ErrorCode.Corrupt, e.Code);
        Assert.Contains("seqno", e.Message, StringComparison.Ordinal);
        Assert.Throws<StorageException>(() => VgText.Parse(text));
    }

    /// <summary>vg-import, seed b4AT5KF_rVi1: a '}' inside an array made the summariser loop for ever.</summary>
    [Theory]
    [InlineData("d1=[9'y99c645ez\t2=8:'/ 9_3=\"'\"{\\c {eb=.xe6,6}1\t'\t#x{x,57c=z\\#zc[4#'")]
    [InlineData("vg {\nid = \"x\"\nflags = [}\nseqno = 1\n}\n")]
    [InlineData("vg {\nflags = [\"a\", }\n")]
    public async Task A_brace_inside_an_array_is_corrupt_not_a_hang(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Task<Exception?> summary = Task.Run<Exception?>(() => Record.Exception(() => VgText.Summarize(bytes)));
        Assert.Same(summary, await Task.WhenAny(summary, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.IsType<StorageException>(await summary);
    }

    [Fact]
    public void The_largest_seqno_still_summarizes()
    {
        string text = System.Text.RegularExpressions.Regex.Replace(Sample, @"seqno = \d+", "seqno = 18446744073709551615");
        Assert.Equal(ulong.MaxValue, VgText.Summarize(Encoding.UTF8.GetBytes(text)).Seqno);
    }
}
