using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests;

/// <summary><c>sharplvm verify-trace</c> over the seed's two logs and the real LVM2 traces.</summary>
public sealed class VerifyTraceCliTests
{
    private static string SeedData(string name) =>
        Path.Combine(TestPaths.RepoRoot, "tests", "SharpLvm.DeviceMapper.Tests", "Trace", "Data", name);

    [Fact]
    public void Seed_ordering_without_the_patch_is_unsafe_with_its_line()
    {
        var r = CliRunner.Run("verify-trace", SeedData("lvconvert-bad.log"), "--start", SeedData("seed-stage2.state"));
        Assert.Equal(5, r.ExitCode);
        string unsafeLine = Assert.Single(r.Stdout.Split('\n'), l => l.Contains("Error line", StringComparison.Ordinal));
        Assert.Contains("Error line 20 [SharedExclusiveClaim]", unsafeLine, StringComparison.Ordinal);
        Assert.Contains("vg-lvol0_mimagetmp_2", unsafeLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_ordering_with_the_patch_is_safe()
    {
        var r = CliRunner.Run("verify-trace", SeedData("lvconvert-good.log"), "--start", SeedData("seed-stage2.state"));
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("Error line", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 unsafe", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trace-lvcreate-mirror")]
    [InlineData("trace-lvchange-an")]
    [InlineData("trace-lvchange-ay")]
    [InlineData("trace-lvconvert-m+1")]
    public void Real_lvm2_traces_are_safe(string trace)
    {
        string dir = TestPaths.SharedFile("traces");
        var r = CliRunner.Run("verify-trace", Path.Combine(dir, trace + ".vvvv.log"), "--start", Path.Combine(dir, trace + ".state"));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches(@"^\d+ device-mapper operations, 0 unsafe", r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public void Missing_log_is_one_line_and_exit_5()
    {
        var r = CliRunner.Run("verify-trace", "/nonexistent/trace.log");
        Assert.Equal(5, r.ExitCode);
        Assert.Single(r.StderrLines);
        Assert.Empty(r.Stdout);
    }
}
