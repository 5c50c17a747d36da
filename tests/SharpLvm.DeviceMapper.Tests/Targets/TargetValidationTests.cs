using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tests.Targets;

public sealed class TargetValidationTests
{
    [Theory]
    [InlineData("0 1000 striped", "not enough arguments")]
    [InlineData("0 1000 striped 0 8", "stripe count")]
    [InlineData("0 1000 striped 2 0 7:0 0 7:1 0", "chunk size")]
    [InlineData("0 1001 striped 2 8 7:0 0 7:1 0", "divisible by the stripe count")]
    [InlineData("0 1000 striped 2 8 7:0 0 7:1 0", "chunk size")]
    [InlineData("0 1024 striped 2 8 7:0 0", "need 4")]
    [InlineData("0 1024 striped 2 8 7:0 0 7:1 0 7:2 0", "need 4")]
    [InlineData("0 1024 striped 2 8 7:0 x 7:1 0", "offset")]
    [InlineData("0 1024 striped 2 8 7:0 0 dev 0", "major:minor")]
    [InlineData("0 1024 striped -2 8 7:0 0 7:1 0", "stripe count")]
    [InlineData("0 2048 mirror core 1 1000 2 7:1 0 7:2 0", "region size")]
    [InlineData("0 2048 mirror core 1 4096 2 7:1 0 7:2 0", "larger than the target")]
    [InlineData("0 2048 mirror core 1 1 2 7:1 0 7:2 0", "region size")]
    [InlineData("0 2048 mirror core 2 1024 block_on_error 2 7:1 0 7:2 0", "unrecognised sync")]
    [InlineData("0 2048 mirror core 3 1024 2 7:1 0 7:2 0", "1 or 2 arguments")]
    [InlineData("0 2048 mirror disk 1 1024 2 7:1 0 7:2 0", "2 or 3 arguments")]
    [InlineData("0 2048 mirror core 9 1024", "insufficient")]
    [InlineData("0 2048 mirror ring 1 1024 2 7:1 0 7:2 0", "unknown mirror log type")]
    [InlineData("0 2048 mirror core 1 1024 1 7:1 0", "number of mirrors")]
    [InlineData("0 2048 mirror core 1 1024 10 7:1 0 7:2 0 7:3 0 7:4 0 7:5 0 7:6 0 7:7 0 7:8 0 7:9 0 7:10 0", "number of mirrors")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0", "missing mirror 1")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0 1 keep_log", "requires the handle_errors")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0 1 fast", "unrecognised feature")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0 1 handle_errors extra", "too many mirror arguments")]
    [InlineData("0 2048 mirror core 1 1024 2 7:1 0 7:2 0 2 handle_errors", "2 features announced")]
    [InlineData("0 100 flakey 7:0 0 0 0", "interval")]
    [InlineData("0 100 flakey 7:0 0 1", "expected")]
    [InlineData("0 100 flakey 7:0 0 1 1 2 drop_writes error_writes", "exclude")]
    [InlineData("0 100 flakey 7:0 0 1 1 2 drop_writes drop_writes", "duplicated")]
    [InlineData("0 100 flakey 7:0 0 1 1 6 drop_writes corrupt_bio_byte 1 w 0 0", "cannot be combined")]
    [InlineData("0 100 flakey 7:0 0 1 1 5 corrupt_bio_byte 1 x 0 0", "direction")]
    [InlineData("0 100 flakey 7:0 0 1 1 5 corrupt_bio_byte 1 r 300 0", "not a byte")]
    [InlineData("0 100 flakey 7:0 0 1 1 7 drop_writes", "feature arguments")]
    [InlineData("0 100 flakey 7:0 0 1 1 1 fast", "unrecognised flakey feature")]
    [InlineData("0 100 delay 7:0 0", "3, 6 or 9")]
    [InlineData("0 100 delay 7:0 0 1 7:1", "3, 6 or 9")]
    [InlineData("0 100 delay 7:0 0 ms", "read delay")]
    [InlineData("0 100 zero 7:0", "no parameters")]
    public void MalformedLinesGiveOneInvalidTableErrorNamingTheProblem(string line, string problem)
    {
        var e = Assert.Throws<StorageException>(() => TargetLine.Parse(line));
        Assert.Equal(ErrorCode.InvalidTable, e.Code);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
