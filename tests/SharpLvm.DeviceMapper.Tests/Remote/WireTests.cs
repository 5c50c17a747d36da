using CsCheck;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Remote;

namespace SharpLvm.DeviceMapper.Tests.Remote;

public sealed class WireTests
{
    [Fact]
    public void DeviceInfoRoundTrips()
    {
        var gen = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.Bool, Gen.UInt, Gen.UInt, Gen.Int[0, 1000], Gen.UInt);
        gen.Sample((name, flag, major, minor, open, events) =>
        {
            var info = new DeviceInfo(DmName.Parse(name), flag ? DmUuid.Parse("LVM-" + name) : null, new DeviceNumber(major, minor),
                flag, !flag, flag, open, open / 2, !flag, events);
            var reader = new WireReader(new WireWriter().Info(info).OptionalInfo(null).WrittenSpan.ToArray());
            Assert.Equal(info, reader.Info());
            Assert.Null(reader.OptionalInfo());
            Assert.True(reader.AtEnd);
        }, iter: 500);
    }

    [Fact]
    public void TruncatedPayloadsAndHostileCountsThrowCorrupt()
    {
        byte[] full = new WireWriter().String("hello").UInt32(uint.MaxValue).WrittenSpan.ToArray();
        for (int cut = 0; cut < 9; cut++)
        {
            var e = Assert.Throws<StorageException>(() => new WireReader(full[..cut]).String());
            Assert.Equal(ErrorCode.Corrupt, e.Code);
        }
        var reader = new WireReader(full);
        reader.String();
        Assert.Equal(ErrorCode.Corrupt, Assert.Throws<StorageException>(() => reader.Count()).Code);
    }
}
