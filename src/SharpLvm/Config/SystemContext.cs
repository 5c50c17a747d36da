using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Devices;

namespace SharpLvm.Config;

/// <summary>
/// What every command works with: the system directory (devices file, lvm.conf, lock, archive and backup
/// directories), the devices it may look at, its configuration, the command line (written into metadata
/// descriptions and archive headers) and the clock.
/// </summary>
public sealed class SystemContext
{
    public required string SystemDir { get; init; }

    /// <summary>Full paths of the devices to scan (from --devices, else the devices file).</summary>
    public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>True when the device list came from the devices file (pvcreate then records new PVs in it).</summary>
    public bool UsesDevicesFile { get; init; }

    /// <summary>The devices file in use (null with --devices).</summary>
    public string? DevicesFilePath { get; init; }

    /// <summary>The command line without the program name, e.g. "vgchange --addtag t vg0".</summary>
    public string CommandLine { get; init; } = string.Empty;

    public LvmConfig Config { get; init; } = LvmConfig.Empty;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// How commands open devices: <see cref="DeviceOpeners.File"/>, or a wrapper (the crash tests count and drop
    /// writes through it).
    /// </summary>
    public DeviceOpener OpenDevice { get; init; } = DeviceOpeners.File;

    /// <summary>Where a command's warnings go (the CLI prints them on stderr, as LVM2 does); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>
    /// Builds the context as LVM2 does: --devices replaces the devices file; a missing devices file is an
    /// empty list (commands that need a device then say which one they did not find).
    /// </summary>
    public static SystemContext Create(string systemDir, IReadOnlyList<string>? devices, string? devicesFile,
        string commandLine, IEnumerable<string>? configStrings = null, DeviceOpener? openDevice = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(systemDir);
        bool useFile = devices is not { Count: > 0 };
        string? filePath = useFile ? DevicesFilePathFor(systemDir, devicesFile) : null;
        IReadOnlyList<string> list;
        if (!useFile || File.Exists(filePath))
        {
            try
            {
                list = DeviceSelection.Resolve(devices, devicesFile, systemDir);
            }
            catch (StorageException e) when (e.Code == ErrorCode.NotFound && useFile)
            {
                list = [];
            }
        }
        else
        {
            list = [];
        }
        return new SystemContext
        {
            SystemDir = systemDir,
            Devices = list,
            UsesDevicesFile = useFile,
            DevicesFilePath = filePath,
            CommandLine = commandLine,
            Config = LvmConfig.Load(systemDir, configStrings),
            OpenDevice = openDevice ?? DeviceOpeners.File,
            Warn = warn,
        };
    }

    /// <summary>Scans <paramref name="paths"/> through <see cref="OpenDevice"/>.</summary>
    public Metadata.ScanResult Scan(IReadOnlyList<string> paths) => Metadata.VgReader.Scan(paths, OpenDevice);

    /// <summary>The devices plus extra paths named on the command line (full paths, no duplicates).</summary>
    public IReadOnlyList<string> DevicesWith(IEnumerable<string> extra)
    {
        var result = new List<string>(Devices);
        foreach (string path in extra.Select(Path.GetFullPath))
        {
            if (!result.Contains(path))
            {
                result.Add(path);
            }
        }
        return result;
    }

    public static string DevicesFilePathFor(string systemDir, string? devicesFile) => devicesFile switch
    {
        null or "" => SharpLvm.Config.SystemDir.DefaultDevicesFile(systemDir),
        _ when devicesFile.Contains('/', StringComparison.Ordinal) => devicesFile,
        _ => Path.Combine(SharpLvm.Config.SystemDir.DevicesDirectory(systemDir), devicesFile),
    };
}
