using SharpLvm.DeviceMapper.Dmsetup;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tests.Dmsetup;

namespace SharpLvm.DeviceMapper.Tests.Targets;

public sealed class TargetRoundTripTests
{
    [Fact]
    public void EveryTableLineOfTheTracesAndManifestPrintsBackIdentically()
    {
        var lines = TraceSections.TableLines().ToList();
        Assert.Contains(lines, l => l.Line.Contains(" mirror disk ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Line.Contains(" mirror core ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Line.Contains(" striped ", StringComparison.Ordinal));
        foreach (var (name, text) in lines)
        {
            var line = TargetLine.Parse(text);
            Assert.True(text == DmsetupTable.Line(line), $"{name}: \"{text}\" printed back as \"{DmsetupTable.Line(line)}\"");
        }
    }

    [Theory]
    [InlineData("0 2097152 mirror core 2 1024 nosync 2 7:1 0 7:2 0 1 handle_errors")]
    [InlineData("0 2097152 mirror core 2 1024 sync 2 7:1 0 7:2 0")]
    [InlineData("0 2048 mirror disk 3 7:3 1024 nosync 3 7:1 0 7:2 8 7:4 16 2 handle_errors keep_log")]
    [InlineData("0 3072 striped 3 8 7:0 0 7:1 0 7:2 0")]
    [InlineData("0 1000 striped 1 1000 7:0 5")]
    [InlineData("0 1000 flakey 7:0 0 1 1 0 ")]
    [InlineData("0 1000 flakey 7:0 8 3 1 1 drop_writes ")]
    [InlineData("0 1000 flakey 7:0 8 3 1 1 error_writes ")]
    [InlineData("0 1000 flakey 7:0 8 3 1 6 drop_writes corrupt_bio_byte 32 r 1 0 ")]
    [InlineData("0 1000 delay 7:0 0 500")]
    [InlineData("0 1000 delay 7:0 0 0 7:1 10 20")]
    [InlineData("0 1000 delay 7:0 0 0 7:1 10 20 7:2 0 30")]
    [InlineData("0 1000 error ")]
    [InlineData("0 1000 zero ")]
    public void KernelSyntaxRoundTrips(string text) => Assert.Equal(text, DmsetupTable.Line(TargetLine.Parse(text)));

    [Theory]
    [InlineData("0 1000 flakey 7:0 0 1 1", "0 1000 flakey 7:0 0 1 1 0 ")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0 0", "0 2048 mirror core 1 1024 2 7:1 0 7:2 0")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0 2 handle_errors handle_errors", "0 2048 mirror core 1 1024 2 7:1 0 7:2 0 1 handle_errors")]
    public void AcceptedSpellingsPrintInTheKernelsCanonicalForm(string input, string printed) =>
        Assert.Equal(printed, DmsetupTable.Line(TargetLine.Parse(input)));

    [Fact]
    public void MirrorLegsAndLogAreExclusiveClaimsInTableOrder()
    {
        var mirror = (MirrorTarget)TargetLine.Parse("0 32768 mirror disk 2 254:2 4096 2 254:3 0 254:4 0 1 handle_errors").Params;
        Assert.Equal(["254:2", "254:3", "254:4"], mirror.Claims.Select(c => c.Device.ToString()));
        Assert.All(mirror.Claims, c => Assert.True(c.Exclusive));
        Assert.Equal(MirrorLogType.Disk, mirror.Log.Type);
        Assert.Equal(4096UL, mirror.Log.RegionSize.Value);
        Assert.True(mirror.HandleErrors);
        Assert.False(mirror.KeepLog);
    }

    [Fact]
    public void StripesAndDelayGroupsAreSharedClaims()
    {
        var striped = TargetLine.Parse("0 32768 striped 2 128 252:0 18432 252:16 2048").Params;
        Assert.Equal(["252:0", "252:16"], striped.Claims.Select(c => c.Device.ToString()));
        Assert.All(striped.Claims, c => Assert.False(c.Exclusive));
        var delay = TargetLine.Parse("0 1000 delay 7:0 0 0 7:0 10 20").Params;
        Assert.Equal(["7:0"], delay.Claims.Select(c => c.Device.ToString()));
    }

    [Fact]
    public void DiskLogAreaCoversHeaderAndBitmapInWholeWords()
    {
        var mirror = TargetLine.Parse("0 32768 mirror disk 2 254:2 4096 2 254:3 0 254:4 0").Params;
        var log = mirror.Areas(new(32768)).First();
        Assert.Equal("254:2", log.Device.ToString());
        Assert.Equal(3UL, log.Length.Value); // 1024 header bytes + one 8-byte word, rounded to sectors
        Assert.Equal(3UL, MirrorLog.DiskAreaSize(64).Value);
        Assert.Equal(4UL, MirrorLog.DiskAreaSize(64 * 64 + 1).Value);
    }

    [Fact]
    public void PathsCanBeMappedToNumbers()
    {
        var line = TargetLine.Parse("0 2048 mirror disk 2 /dev/log 1024 2 /dev/a 0 /dev/b 0");
        var mapped = line.Params.WithDevices(d => d.Path switch
        {
            "/dev/log" => DeviceRef.Parse("7:3"),
            "/dev/a" => DeviceRef.Parse("7:1"),
            _ => DeviceRef.Parse("7:2"),
        });
        Assert.Equal("disk 2 7:3 1024 2 7:1 0 7:2 0", mapped.FormatParams());
    }
}
