using SharpLvm.Cli.Daemon;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.Interop.Tests.Daemon;

public sealed class LvDeviceNameTests
{
    private static readonly string Uuid = "LVM-" + new string('x', 64);

    private static DeviceInfo Info(string name, string? uuid) =>
        new(DmName.Parse(name), uuid is null ? null : DmUuid.Parse(uuid), new DeviceNumber(253, 0), false, true, false, 0, 1, false, 0);

    [Theory]
    [InlineData("vg-lv", "vg/lv")]
    [InlineData("my--vg-lv--1", "my-vg/lv-1")]
    [InlineData("vg-lv_data", "vg/lv_data")]
    [InlineData("vg-lv_mimage_0", null)]
    [InlineData("vg-lv_mlog", null)]
    [InlineData("vg-lv_mimagetmp_2", null)]
    [InlineData("vg-pvmove0", null)]
    [InlineData("vg-lv-real", null)]
    [InlineData("vglv", null)]
    [InlineData("vg-", null)]
    public void ExportNamesUndoLvm2sHyphenDoublingAndSkipHiddenAndLayerDevices(string name, string? expected) =>
        Assert.Equal(expected, LvDeviceName.ExportName(Info(name, Uuid)));

    [Theory]
    [InlineData(null)]
    [InlineData("LVM-short")]
    [InlineData("CRYPT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void OnlyUuidsOfLvm2LvsWithNoSuffixAreExported(string? uuid)
    {
        Assert.Null(LvDeviceName.ExportName(Info("vg-lv", uuid)));
        Assert.Null(LvDeviceName.ExportName(Info("vg-lv", Uuid + "-real")));
    }
}
