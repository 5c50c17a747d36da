using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Devices;

/// <summary>
/// Which devices a command may look at, as LVM2 decides it: the <c>--devices</c> list when given (LVM2's
/// "devices list", which replaces the devices file), else the devices file (<c>--devicesfile NAME</c> in the
/// devices directory, or <c>system.devices</c>).
/// </summary>
public static class DeviceSelection
{
    /// <summary>Resolves the device paths to scan, in the order given, without duplicates.</summary>
    /// <param name="devices">Values of <c>--devices</c> (each may hold several paths separated by commas).</param>
    /// <param name="devicesFile">Value of <c>--devicesfile</c>: a file name in the devices directory, or a path.</param>
    /// <param name="systemDir">The system directory (<see cref="SystemDir.Resolve()"/>).</param>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string>? devices, string? devicesFile, string systemDir)
    {
        var result = new List<string>();
        void Add(string path)
        {
            string full = Path.GetFullPath(path);
            if (!result.Contains(full))
            {
                result.Add(full);
            }
        }
        if (devices is { Count: > 0 })
        {
            foreach (string value in devices)
            {
                foreach (string path in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Add(path);
                }
            }
            return result;
        }
        string file = devicesFile switch
        {
            null or "" => SystemDir.DefaultDevicesFile(systemDir),
            _ when devicesFile.Contains('/', StringComparison.Ordinal) => devicesFile,
            _ => Path.Combine(SystemDir.DevicesDirectory(systemDir), devicesFile),
        };
        foreach (DevicesFileEntry entry in DevicesFile.Load(file).Entries)
        {
            // A listed device that is not there now (a PV gone missing) is not scanned, as LVM2 skips it; its VG then
            // reads as partial.
            if (entry.Path is { } path && Path.Exists(path))
            {
                Add(path);
            }
        }
        if (result.Count == 0)
        {
            throw new StorageException(ErrorCode.NotFound, $"No devices listed in {file}.",
                "give the devices with --devices PATH,...");
        }
        return result;
    }
}
