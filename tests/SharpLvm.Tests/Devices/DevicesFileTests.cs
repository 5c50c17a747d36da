using SharpLvm.Config;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Devices;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Devices;

public sealed class DevicesFileTests
{
    private const string Lvm2Written = """
        # LVM uses devices listed in this file.
        # Created by LVM command vgcreate pid 4242 at Tue Nov 24 13:20:03 2026
        VERSION=1.1.3
        IDTYPE=devname IDNAME=/dev/loop0 DEVNAME=/dev/loop0 PVID=NcT7khaW1CQumVBvYELjtvlOdaEQVjNj PART=0
        IDTYPE=sys_wwid IDNAME=naa.600 DEVNAME=/dev/sdb PVID=.
        """;

    [Fact]
    public void Parses_lvm2s_lines()
    {
        DevicesFile file = DevicesFile.Parse(Lvm2Written, "test");

        Assert.Equal("1.1.3", file.Version);
        Assert.Equal(2, file.Entries.Count);
        Assert.Equal(new DevicesFileEntry("devname", "/dev/loop0", "/dev/loop0", "NcT7khaW1CQumVBvYELjtvlOdaEQVjNj", "0"), file.Entries[0]);
        Assert.Null(file.Entries[1].Pvid);
        Assert.Equal("/dev/sdb", file.Entries[1].Path);
    }

    [Fact]
    public void Written_text_parses_back_to_the_same_entries()
    {
        DevicesFile file = DevicesFile.Parse(Lvm2Written, "test");

        DevicesFile again = DevicesFile.Parse(file.ToText("sharplvm test"), "again");

        Assert.Equal(file.Version, again.Version);
        Assert.Equal(file.Entries, again.Entries);
    }

    [Fact]
    public void A_line_without_key_value_pairs_names_the_line()
    {
        var e = Assert.Throws<StorageException>(() => DevicesFile.Parse("VERSION=1.1.1\nIDTYPE=devname garbage\n", "sys.devices"));
        Assert.Contains("sys.devices line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_option_wins_over_the_devices_file_and_splits_on_commas()
    {
        using var dir = new TempDir();
        IReadOnlyList<string> paths = DeviceSelection.Resolve(["/a/x.img,/a/y.img", "/a/x.img"], null, dir.Path);
        Assert.Equal(["/a/x.img", "/a/y.img"], paths);
    }

    [Fact]
    public void Without_devices_option_the_devices_file_is_read()
    {
        using var dir = new TempDir();
        string image = dir.File("pv0.img");
        File.WriteAllBytes(image, []);
        var file = new DevicesFile();
        file.Entries.Add(new DevicesFileEntry("devname", image, image, null, null));
        // A listed device that is not there (a PV gone missing) is skipped, as LVM2 skips it.
        file.Entries.Add(new DevicesFileEntry("devname", "/img/gone.img", "/img/gone.img", null, null));
        file.Save(SystemDir.DefaultDevicesFile(dir.Path), "test");

        Assert.Equal([image], DeviceSelection.Resolve(null, null, dir.Path));
        Assert.Equal([image], DeviceSelection.Resolve([], "system.devices", dir.Path));
    }

    [Fact]
    public void A_missing_devices_file_is_not_found_with_a_hint()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<StorageException>(() => DeviceSelection.Resolve(null, null, dir.Path));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Contains("--devices", e.OneLine, StringComparison.Ordinal);
    }

    [Fact]
    public void System_dir_follows_lvm2s_variable_then_ours_then_xdg_then_home()
    {
        Dictionary<string, string?> env = new() { ["HOME"] = "/home/u" };
        string? Get(string k) => env.GetValueOrDefault(k);

        Assert.Equal("/home/u/.config/sharplvm", SystemDir.Resolve(Get, isRoot: false));
        Assert.Equal("/etc/sharplvm", SystemDir.Resolve(Get, isRoot: true));
        env["XDG_CONFIG_HOME"] = "/x";
        Assert.Equal("/x/sharplvm", SystemDir.Resolve(Get, isRoot: false));
        env["SHARPLVM_SYSTEM_DIR"] = "/s";
        Assert.Equal("/s", SystemDir.Resolve(Get, isRoot: true));
        env["LVM_SYSTEM_DIR"] = "/l";
        Assert.Equal("/l", SystemDir.Resolve(Get, isRoot: false));
    }
}
