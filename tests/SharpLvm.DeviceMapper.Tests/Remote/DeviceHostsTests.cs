using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Remote;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.Remote;

public sealed class DeviceHostsTests
{
    [Fact]
    public void TheRunDirectoryVariableDecidesWhereTheDaemonIsLookedFor()
    {
        using var dir = new TempDir();
        string? saved = Environment.GetEnvironmentVariable(ControlPaths.RunDirVariable);
        Environment.SetEnvironmentVariable(ControlPaths.RunDirVariable, dir.Path);
        try
        {
            Assert.Equal(Path.Combine(dir.Path, "control.sock"), ControlPaths.ControlSocket);
            Assert.Equal(Path.Combine(dir.Path, "nbd.sock"), ControlPaths.NbdSocket);
            Assert.Null(DeviceHosts.Connect());
            using (var local = DeviceHosts.OpenOrInProcess())
            {
                Assert.IsType<InProcessDeviceHost>(local);
                Assert.False(local.Persistent);
            }
            var none = Assert.Throws<StorageException>(DeviceHosts.Require);
            Assert.StartsWith("No sharplvm daemon is running", none.Message, StringComparison.Ordinal);
            Assert.EndsWith("start one with `sharplvm daemon --background`.", none.Message, StringComparison.Ordinal);
            Assert.Equal(5, none.ExitCode);
            using var host = new InProcessDeviceHost();
            using var server = new ControlServer(host);
            server.Start(ControlPaths.ControlSocket);
            using var remote = DeviceHosts.OpenOrInProcess();
            Assert.IsType<DaemonClient>(remote);
            Assert.True(remote.Persistent);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ControlPaths.RunDirVariable, saved);
        }
    }
}
