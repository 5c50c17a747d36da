using CsCheck;
using SharpLvm.Format.Disk;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Disk;

public class LvmCrcTests
{
    /// <summary>The byte-at-a-time definition from the reference notes (§5.5), as an oracle.</summary>
    private static uint TableCrc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            uint c = (crc ^ b) & 0xff;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
            }
            crc = c ^ (crc >> 8);
        }
        return crc;
    }

    [Fact]
    public void Empty_input_gives_the_initial_value() => Assert.Equal(0xf597a6cfu, LvmCrc.Compute([]));

    [Fact]
    public void Zero_label_body_matches_the_reference_vector() => Assert.Equal(0x02c81f10u, LvmCrc.Compute(new byte[492]));

    [Fact]
    public void Matches_the_table_definition_for_random_data_and_seeds()
    {
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.UInt).Sample((data, seed) =>
            LvmCrc.Compute(seed, data) == TableCrc(seed, data)
            && LvmCrc.Compute(data) == TableCrc(LvmCrc.Initial, data), iter: 300);
    }

    [Fact]
    public void Continuing_a_crc_equals_the_crc_of_the_concatenation()
    {
        Gen.Select(Gen.Byte.Array[0, 700], Gen.Byte.Array[0, 700]).Sample((a, b) =>
            LvmCrc.Compute(LvmCrc.Compute(a), b) == LvmCrc.Compute([.. a, .. b]), iter: 200);
    }

    [Theory]
    [InlineData("vgsample.pv0", 0x2e4821fcu)]
    [InlineData("twomda.pv0", 0xedcbe3ffu)]
    [InlineData("wrapped.pv0", 0x81e34353u)]
    public void Label_crc_of_a_real_image_matches_the_pvck_dump(string image, uint expected)
    {
        byte[] disk = TestPaths.Unzstd(TestPaths.Lvm2Fixture(image + ".img.zst"));
        Assert.Equal(expected, LvmCrc.Compute(disk.AsSpan(512 + 20, 492)));
    }
}
