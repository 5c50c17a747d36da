namespace SharpLvm.Tests.Operations;

/// <summary>
/// Our messages and exit codes next to LVM2's for common errors and successes. The expected lines are what LVM2
/// 2.03.16 printed for the same commands on loop devices (activation off): for an error, the first line LVM2 writes
/// to stderr (ours is that line, with any further explanation in parentheses on the same line); for a success, a
/// line of stdout. {pvN} is the Nth image.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class Lvm2MessageTests
{
    private static readonly (string Command, int Code, string Line)[] Table =
    [
        ("pvcreate {pv0} {pv1} {pv2}", 0, "Physical volume \"{pv2}\" successfully created."),
        ("vgcreate bad/name {pv0}", 3, "New volume group name \"bad/name\" is invalid."),
        ("vgcreate vg0 {pv0} {pv1}", 0, "Volume group \"vg0\" successfully created"),
        ("vgcreate vg0 {pv2}", 5, "A volume group called vg0 already exists."),
        ("vgcreate vg1 {pv0}", 5, "Physical volume '{pv0}' is already in volume group 'vg0'"),
        ("vgextend vg0 {pv2}", 0, "Volume group \"vg0\" successfully extended"),
        ("vgextend vg0 {pv2}", 5, "Physical volume '{pv2}' is already in volume group 'vg0'"),
        ("vgreduce vg0 {pv2}", 0, "Removed \"{pv2}\" from volume group \"vg0\""),
        ("vgextend nosuch {pv2}", 5, "Volume group \"nosuch\" not found"),
        ("lvcreate -an -Zn -L 4m -n lin vg0", 0, "Logical volume \"lin\" created."),
        ("lvcreate -an -Zn -L 4m -n lin vg0", 5, "Logical Volume \"lin\" already exists in volume group \"vg0\""),
        ("lvcreate -an -Zn -L 4m -n snapshot vg0", 3, "Names starting \"snapshot\" are reserved. Please choose a different LV name."),
        ("lvcreate -an -Zn -L 4m -n x_mlog vg0", 3, "Names including \"_mlog\" are reserved. Please choose a different LV name."),
        ("lvcreate -an -Zn -L 4m -n bad_mimage_x vg0", 3, "Names including \"_mimage\" are reserved. Please choose a different LV name."),
        ("lvcreate -an -Zn -L 4m -n a$b vg0", 3, "Logical volume name \"a$b\" is invalid."),
        ("lvcreate -an -Zn -L 1g -n big vg0", 5, "Volume group \"vg0\" has insufficient free space (29 extents): 256 required."),
        ("lvcreate -an -Zn -l 100 -n big vg0", 5, "Volume group \"vg0\" has insufficient free space (29 extents): 100 required."),
        ("lvcreate -an -Zn -L 4m -n a nosuch", 5, "Volume group \"nosuch\" not found"),
        ("lvcreate -an -Zn -L 4m -n a vg0 {pv2}", 5, "Physical Volume \"{pv2}\" not found in Volume Group \"vg0\"."),
        ("lvextend -L +4m vg0/lin", 0, "Logical volume vg0/lin successfully resized."),
        ("lvextend -L +4m vg0/nope", 5, "Logical volume nope not found in volume group vg0."),
        ("lvextend -L 4m vg0/lin", 5, "New size given (1 extents) not larger than existing size (2 extents)"),
        ("lvreduce -f -L -4m vg0/lin", 0, "Size of logical volume vg0/lin changed from 8.00 MiB (2 extents) to 4.00 MiB (1 extents)."),
        ("lvreduce -f -L 12m vg0/lin", 5, "New size given (3 extents) not less than existing size (1 extents)"),
        ("lvresize -L 4m vg0/lin", 5, "New size (1 extents) matches existing size (1 extents)."),
        ("lvrename vg0 lin lin2", 0, "Renamed \"lin\" to \"lin2\" in volume group \"vg0\""),
        ("lvrename vg0 nope x", 5, "Existing logical volume \"nope\" not found in volume group \"vg0\""),
        ("lvrename vg0 lin2 snapshot", 3, "Names starting \"snapshot\" are reserved. Please choose a different LV name."),
        ("lvchange --addtag t vg0/lin2", 0, "Logical volume vg0/lin2 changed."),
        ("lvchange --addtag t vg0/nope", 5, "Failed to find logical volume \"vg0/nope\""),
        ("lvconvert --type mirror -m1 vg0/nope", 5, "Failed to find logical volume \"vg0/nope\""),
        ("vgchange --addtag t vg0", 0, "Volume group \"vg0\" successfully changed"),
        ("vgchange --addtag t nosuch", 5, "Volume group \"nosuch\" not found"),
        ("pvchange --addtag t {pv0}", 0, "1 physical volume changed / 0 physical volumes not changed"),
        ("pvchange -x n {pv2}", 5, "Allocatability not supported by orphan lvm2 format PV {pv2}"),
        ("pvchange --addtag t {pv2}", 5, "Can't change tag on Physical Volume {pv2} not in volume group"),
        ("lvs vg0/nope", 5, "Failed to find logical volume \"vg0/nope\""),
        ("vgs nosuch", 5, "Volume group \"nosuch\" not found"),
        ("pvs /dev/nonexistent", 5, "Cannot use /dev/nonexistent: device not found"),
        ("lvremove -f vg0/nope", 5, "Failed to find logical volume \"vg0/nope\""),
        ("lvremove -f vg0/lin2", 0, "Logical volume \"lin2\" successfully removed."),
        ("vgrename vg0 vg9", 0, "Volume group \"vg0\" successfully renamed to \"vg9\""),
        ("vgrename nosuch vg8", 5, "Volume group \"nosuch\" not found"),
        ("pvremove {pv0}", 5, "PV {pv0} is used by VG vg9 so please use vgreduce first."),
        ("vgremove -f nosuch", 5, "Volume group \"nosuch\" not found"),
        ("vgremove -f vg9", 0, "Volume group \"vg9\" successfully removed"),
        ("pvremove {pv0}", 0, "Labels on physical volume \"{pv0}\" successfully wiped."),
        ("pvremove {pv0}", 5, "No PV found on device {pv0}."),
    ];

    [Fact]
    public void Messages_and_exit_codes_read_as_lvm2s()
    {
        using var h = new CliHarness();
        string[] images = [h.Image("pv0.img", 64), h.Image("pv1.img", 64), h.Image("pv2.img", 64)];
        string Expand(string text)
        {
            for (int i = 0; i < images.Length; i++)
            {
                text = text.Replace("{pv" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", images[i], StringComparison.Ordinal);
            }
            return text;
        }
        var differences = new List<string>();
        foreach ((string command, int code, string line) in Table)
        {
            var (actual, output, error) = h.Run(Expand(command).Split(' '));
            string expected = "  " + Expand(line);
            string[] lines = (code == 0 ? output : error).Split('\n');
            bool matches = code == 0 ? lines.Contains(expected) : lines[0] == expected || lines[0].StartsWith(expected + " (", StringComparison.Ordinal);
            if (actual != code || !matches || (code != 0 && error.TrimEnd('\n').Contains('\n', StringComparison.Ordinal)))
            {
                differences.Add($"{command}: exit {actual} (LVM2 {code}); {(code == 0 ? output : error).TrimEnd()} | LVM2: {line}");
            }
        }
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }
}
