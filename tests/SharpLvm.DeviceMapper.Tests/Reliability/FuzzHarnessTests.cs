using CsCheck;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Reliability;

/// <summary>The fuzz harness keeps its guarantees: a hang, an allocation over the bound and any exception but StorageException fail.</summary>
public sealed class FuzzHarnessTests
{
    private static readonly Gen<int> Inputs = Gen.Int[0, 1000];

    [Fact]
    public void A_storage_exception_is_the_documented_failure_and_passes()
    {
        var run = new FuzzRun<int>("test", i => throw new StorageException(ErrorCode.Corrupt, $"bad {i}"), i => $"{i}", null, null);
        run.Execute(Inputs, 100);
        Assert.Equal(100, run.Count);
        Assert.Equal(100, run.Coverage.Rejected);
        Assert.Equal(1, run.Coverage.Sites);
    }

    [Fact]
    public void Another_exception_fails_with_its_seed()
    {
        var run = new FuzzRun<int>("test", i => _ = i > 500 ? throw new InvalidOperationException("boom") : 0, i => $"{i}", null, null);
        var e = Assert.ThrowsAny<Exception>(() => run.Execute(Inputs, 1000));
        Assert.Contains("seed", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void An_input_allocating_over_the_bound_fails()
    {
        var run = new FuzzRun<int>("test", i => GC.KeepAlive(new byte[Fuzz.MaxBytes + 1024]), i => $"{i}", null, null);
        var e = Assert.ThrowsAny<Exception>(() => run.Execute(Inputs, 3));
        Assert.Contains("allocated", (e.InnerException ?? e).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hang_fails_within_the_bound_with_its_input()
    {
        using var release = new ManualResetEventSlim();
        var run = new FuzzRun<int>("test", i => release.Wait(), i => $"input {i}", null, null) { CaseTimeout = TimeSpan.FromMilliseconds(500) };
        var e = Assert.Throws<FuzzFailure>(() => run.Execute(Inputs, 10));
        release.Set();
        Assert.Contains("ran longer than 0.5 s: input", e.Message, StringComparison.Ordinal);
    }
}
