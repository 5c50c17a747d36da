using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.Tests.Activation;

/// <summary>The live mirror status as <c>lvconvert --repair</c> reads it (LVM2's dm_get_status_mirror).</summary>
public sealed class MirrorHealthTests
{
    [Theory]
    [InlineData("0 65536 mirror 2 253:1 253:2 42/128 1 DA 3 disk 253:0 A", "253:1 253:2", "DA", 'A')]
    [InlineData("0 65536 mirror 3 253:1 253:2 253:3 128/128 1 AAR 3 disk 253:0 D", "253:1 253:2 253:3", "AAR", 'D')]
    [InlineData("0 8 mirror 2 7:1 7:2 8/8 1 AS 1 core", "7:1 7:2", "AS", null)]
    public void ParsesLegsHealthAndTheLogsHealth(string line, string devices, string health, char? log)
    {
        Assert.True(MirrorHealth.TryParse(line, out var legs, out var chars, out var logHealth));
        Assert.Equal(devices.Split(' ').Select(DeviceNumber.Parse), legs);
        Assert.Equal(health, chars);
        Assert.Equal(log, logHealth);
    }

    [Theory]
    [InlineData("0 8 linear 7:1 0")]
    [InlineData("0 8 mirror 2 7:1 7:2 8/8 1 A 1 core")]
    [InlineData("0 8 mirror 2 7:1 x 8/8 1 AA 1 core")]
    [InlineData("0 8 mirror 9")]
    public void RejectsWhatIsNotAMirrorStatus(string line) =>
        Assert.False(MirrorHealth.TryParse(line, out _, out _, out _));
}
