using SharpLvm.Reports;

namespace SharpLvm.Tests.Reports;

public sealed class SizeFormatterTests
{
    [Theory]
    [InlineData(24576UL, "s", "24576S")]
    [InlineData(0UL, "s", "0S")]
    [InlineData(0UL, "m", "0m")]
    [InlineData(0UL, "r", "0 ")]
    [InlineData(0UL, "h", "0 ")]
    [InlineData(16384UL, "m", "8.00m")]
    [InlineData(16384UL, "r", "8.00m")]
    [InlineData(16384UL, "b", "8388608B")]
    [InlineData(16384UL, "B", "8388608B")]
    [InlineData(16384UL, "k", "8192.00k")]
    [InlineData(16384UL, "K", "8388.61K")]
    [InlineData(16384UL, "M", "8.39M")]
    [InlineData(16384UL, "H", "8.39M")]
    [InlineData(16384UL, "R", "<8.39M")]
    [InlineData(1UL, "h", "512b")]
    [InlineData(1UL, "H", "512B")]
    [InlineData(2359296UL, "g", "1.12g")]   // 1.125 GiB: an exact tie rounds to even, as printf does
    [InlineData(2361344UL, "g", "1.13g")]   // just above the tie
    [InlineData(4173824UL, "r", "1.99g")]   // 1.990234375 GiB (2038 MiB) rounds down: no mark
    [InlineData(4184064UL, "r", "<2.00g")]  // 2043 MiB = 1.995 GiB rounds up: LVM2 marks it
    [InlineData(4184064UL, "h", "2.00g")]
    [InlineData(4194304UL, "r", "2.00g")]
    [InlineData(4192256UL, "r", "<2.00g")]  // 2047 MiB
    public void Formats_like_lvm2(ulong sectors, string units, string expected) =>
        Assert.Equal(expected, SizeFormatter.Format(sectors, Units.Parse(units)));

    [Theory]
    [InlineData("s", "24576")]
    [InlineData("m", "12.00")]
    [InlineData("h", "12.00m")]  // the human-readable forms keep their suffix, as in LVM2
    public void Nosuffix_drops_the_unit_letter_except_for_human_units(string units, string expected) =>
        Assert.Equal(expected, SizeFormatter.Format(24576, Units.Parse(units), suffix: false));

    [Theory]
    [InlineData("x")]
    [InlineData("mm")]
    [InlineData("")]
    public void Rejects_unknown_units(string units)
    {
        var e = Assert.Throws<SharpLvm.DeviceMapper.Errors.StorageException>(() => Units.Parse(units));
        Assert.Equal(3, e.ExitCode);
    }

    [Theory]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(0.1, 2, "0.10")]
    [InlineData(1234567.891, 2, "1234567.89")]
    public void Fixed_point_rounds_like_printf(double value, int digits, string expected) =>
        Assert.Equal(expected, SizeFormatter.FormatFixed(value, digits));
}
