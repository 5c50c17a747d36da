using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.TestSupport;

namespace SharpLvm.Interop.Tests.Daemon;

/// <summary>Attaching a real block device keeps its own major:minor (needs root and loop devices).</summary>
public sealed class BlockDeviceAttachTests
{
    [SkippableFact]
    public void ALoopDeviceIsAttachedUnderItsOwnNumberAndItsSymlinksGiveTheSameOne()
    {
        Skip.If(!Environment.IsPrivilegedProcess, "needs root (loop devices)");
        Skip.If(!File.Exists("/dev/loop-control") || !Tool.Exists("losetup"), "needs loop devices and losetup");
        using var dir = new TempDir();
        string image = dir.File("pv.img");
        using (var f = File.Create(image))
        {
            f.SetLength(8 << 20);
        }
        using var loop = LoopDevice.Attach(image);
        string sysfs = File.ReadAllText($"/sys/class/block/{Path.GetFileName(loop.Path)}/dev").Trim();
        using var host = new InProcessDeviceHost();
        var number = host.Attach(loop.Path);
        Assert.Equal(DeviceNumber.Parse(sysfs), number);
        File.CreateSymbolicLink(dir.File("link"), loop.Path);
        Assert.Equal(number, host.Attach(dir.File("link")));
        Assert.Equal(new DeviceNumber(IDeviceHost.ImageFileMajor, 0), host.Attach(image));
        host.Create(DmName.Parse("vg-lv"));
        host.Load(DmName.Parse("vg-lv"), DeviceMapper.Targets.Table.Parse($"0 2048 linear {loop.Path} 0"));
        host.Resume(DmName.Parse("vg-lv"));
        Assert.Equal([number], host.GetDependencies(DmName.Parse("vg-lv")));
    }
}
