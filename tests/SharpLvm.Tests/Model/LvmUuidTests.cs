using CsCheck;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Model;

namespace SharpLvm.Tests.Model;

public class LvmUuidTests
{
    [Fact]
    public void Formats_6_4_4_4_4_4_6_and_parses_back()
    {
        LvmUuid id = LvmUuid.Parse("Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ON");

        Assert.Equal("Gej1UyqWvu2GmDd2hsezaPERKQNOX7ON", id.Raw);
        Assert.Equal("Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ON", id.ToString());
        Assert.Equal(id, LvmUuid.Parse(id.Raw));
    }

    [Theory]
    [InlineData("Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7O")]
    [InlineData("Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7ONN")]
    [InlineData("Gej1Uy-qWvu-2GmD-d2hs-ezaP-ERKQ-NOX7O_")]
    [InlineData("")]
    public void Bad_uuids_are_refused(string text)
    {
        var ex = Assert.Throws<StorageException>(() => LvmUuid.Parse(text));
        Assert.Equal(ErrorCode.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Accepts_bang_and_hash()
    {
        LvmUuid id = LvmUuid.Parse("!#0000-0000-0000-0000-0000-0000-000000");
        Assert.Equal("!#0000-0000-0000-0000-0000-0000-000000", id.ToString());
    }

    [Fact]
    public void Leading_hash_prints_raw_like_lvm2()
    {
        LvmUuid id = LvmUuid.Parse("#orphanslvm2" + new string('0', 20));
        Assert.Equal(id.Raw, id.ToString());
    }

    [Fact]
    public void Generated_ids_are_alphanumeric_and_round_trip() =>
        Gen.Int.Sample(seed =>
        {
            LvmUuid id = LvmUuid.NewRandom(new Random(seed));
            Assert.Equal(32, id.Raw.Length);
            Assert.True(id.Raw.All(char.IsAsciiLetterOrDigit));
            Assert.Equal(id, LvmUuid.Parse(id.ToString()));
        }, iter: 200);

    [Fact]
    public void Secure_generator_differs_each_time() =>
        Assert.NotEqual(LvmUuid.NewRandom(), LvmUuid.NewRandom());
}
