using Xunit.Abstractions;

namespace SharpLvm.DeviceMapper.Tests.KernelLab;

/// <summary>
/// "Same bytes as the kernel", the reverse direction: what our engine wrote over image files is read by the
/// real 6.1 kernel's device-mapper (in shared/kernel-lab) through the same tables with the same checksums,
/// and a mirror disk log we left clean is taken by the kernel as in sync, with no recovery. One boot for all.
/// </summary>
public sealed class KernelLabReverseTests(EngineWrittenImages lab, ITestOutputHelper output) : IClassFixture<EngineWrittenImages>
{
    private LabResult Ran()
    {
        Skip.If(lab.SkipReason is not null, lab.SkipReason);
        var result = lab.Result!;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static (ulong InSync, ulong Regions) SyncCount(string? status, LabResult result)
    {
        Assert.True(status is not null, result.ToString());
        string ratio = status.Split(' ').Single(w => w.Contains('/', StringComparison.Ordinal) && !w.StartsWith('/'));
        string[] parts = ratio.Split('/');
        return (ulong.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableTheory]
    [InlineData(LabLayout.Linear)]
    [InlineData(LabLayout.Striped)]
    [InlineData(LabLayout.Mirror)]
    [InlineData(LabLayout.Leg0)]
    [InlineData(LabLayout.Leg1)]
    public void EveryDeviceWrittenByOurEngineHasTheSameChecksumInTheKernel(string name)
    {
        var result = Ran();
        Assert.Equal(lab.Ours[name], result.Value("sha-" + name));
    }

    [SkippableFact]
    public void OurMirrorWasInSyncAndItsDataIsThePattern()
    {
        Skip.If(lab.SkipReason is not null, lab.SkipReason);
        Assert.Contains($" {LabLayout.Regions}/{LabLayout.Regions} 1 AA 3 disk ", lab.OurMirrorStatus, StringComparison.Ordinal);
        Assert.Equal(lab.Ours[LabLayout.Leg0], lab.Ours[LabLayout.Mirror]);
        Assert.NotEqual(lab.Ours[LabLayout.Leg0], lab.Ours[LabLayout.Leg1]);
    }

    [SkippableFact]
    public void AMirrorLogLeftCleanByUsNeedsNoResyncInTheKernel()
    {
        var result = Ran();
        output.WriteLine(result.ToString());
        Assert.Equal((LabLayout.Regions, LabLayout.Regions), SyncCount(result.Value("status-at-create"), result));
        Assert.Equal((LabLayout.Regions, LabLayout.Regions), SyncCount(result.Value("status-after-reads"), result));
        // Leg 1 still differs from leg 0 in a region the log calls in sync: the kernel never recovered it.
        Assert.Equal(lab.Ours[LabLayout.Leg1], result.Value("leg1-after-remove"));
    }

    [SkippableFact]
    public void TheKernelWritesOurCleanLogBackByteForByte()
    {
        var result = Ran();
        Assert.Equal(lab.Ours[LabLayout.Log], result.Value("log-before"));
        Assert.Equal(lab.Ours[LabLayout.Log], result.Value("log-after"));
    }
}
