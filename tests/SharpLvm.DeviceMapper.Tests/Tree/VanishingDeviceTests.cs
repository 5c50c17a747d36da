using SharpLvm.DeviceMapper.Dmsetup;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Tests.Tree;

/// <summary>
/// Another process (a command on another VG) removes a device between the device list and the queries of each
/// device: the planner and dmsetup table/status treat it as gone instead of failing.
/// </summary>
public sealed class VanishingDeviceTests
{
    private static FakeDeviceMapper TwoDevices()
    {
        var dm = new FakeDeviceMapper();
        foreach (string name in new[] { "a-lv", "b-lv" })
        {
            dm.Create(DmName.Parse(name));
            dm.Load(DmName.Parse(name), Table.Parse("0 8 zero"));
            dm.Resume(DmName.Parse(name));
        }
        return dm;
    }

    [Fact]
    public void DmsetupTableAndStatusLeaveOutADeviceRemovedAfterTheList()
    {
        var dm = TwoDevices();
        dm.AfterList = () =>
        {
            dm.AfterList = null;
            dm.Remove(DmName.Parse("b-lv"));
        };
        Assert.Equal(["a-lv: 0 8 zero "], DmsetupStatus.Table(dm));
        Assert.Null(dm.AfterList);
    }

    [Fact]
    public void APlanForOneVgIgnoresAnotherVgsDeviceRemovedAfterTheList()
    {
        var dm = TwoDevices();
        dm.AfterList = () =>
        {
            dm.AfterList = null;
            dm.Remove(DmName.Parse("b-lv"));
        };
        var plan = Planner.Plan(dm, new DesiredState().Add("a-lv", Table.Parse("0 16 zero")));
        new PlanExecutor(dm).Execute(plan);
        Assert.Equal("0 16 zero", dm.LiveTables()["a-lv"]?.Trim());
        Assert.False(dm.LiveTables().ContainsKey("b-lv"));
    }
}
