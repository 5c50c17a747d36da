using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Tests.Reliability;

/// <summary>Inputs the device-mapper fuzzers found that broke a parser; each must now fail with a StorageException only.</summary>
public sealed class DmFuzzRegressionTests
{
    /// <summary>
    /// dm-table, seed clBkiRYzbRT1 (1,000,000 inputs): a line whose start plus length passes 2^64 sectors overflowed
    /// (OverflowException) where the table adds up its lines' ends.
    /// </summary>
    [Theory]
    [InlineData("0 18446744073709551615 zero\n18446744073709551615 1 zero")]
    [InlineData("0 18446744073709551615 zero\n18446744073709551615 18446744073709551615 error")]
    [InlineData("18446744073709551615 2 zero")]
    public void A_line_ending_past_the_last_sector_is_an_invalid_table_not_an_overflow(string text)
    {
        var e = Assert.Throws<StorageException>(() => Table.Parse(text));
        Assert.Equal(ErrorCode.InvalidTable, e.Code);
        Assert.Contains("ends past the last sector", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_ending_exactly_at_the_last_sector_still_parses()
    {
        Table table = Table.Parse("0 18446744073709551615 zero");
        Assert.Equal(new Sectors(ulong.MaxValue), table.Size);
    }
}
