namespace SharpLvm.Interop.Tests.SideBySide;

/// <summary>
/// The commands both implementations run, in order. {pvN} is the Nth device (a loop device for LVM2, an image
/// file for us), {dir} a directory private to each side. Each command must give the same exit code and leave
/// the same pvs/vgs/lvs reports.
/// </summary>
internal static class SideBySideScript
{
    public const int DeviceCount = 5;

    public static IReadOnlyList<string> PvVgCommands { get; } =
    [
        "pvcreate {pv0} {pv1}",
        "pvcreate --pvmetadatacopies 2 {pv2}",
        "pvcreate --metadatasize 2m --dataalignment 2m {pv3}",
        "vgcreate vg0 {pv0}",
        "vgcreate -s 1m --addtag blue vg1 {pv2}",
        "vgcreate vg0 {pv1}",
        "vgcreate bad/name {pv1}",
        "vgextend vg0 {pv1}",
        "vgextend vg1 {pv1}",
        "vgextend vg1 {pv3} {pv4}",
        "vgchange --addtag red --addtag green vg0",
        "vgchange --deltag red vg0",
        "vgchange -x n vg1",
        "vgextend vg1 {pv0}",
        "vgchange -x y vg1",
        "pvchange -x n {pv1}",
        "pvchange --addtag fast {pv1}",
        "pvchange -x y --deltag fast {pv1}",
        "vgchange --alloc contiguous vg0",
        "vgchange -l 20 -p 8 vg0",
        "vgreduce vg1 {pv4}",
        "vgreduce vg1 {pv4}",
        "vgreduce vg0 {pv0} {pv1}",
        "vgcfgbackup -f {dir}/vg1.backup vg1",
        "vgreduce vg1 {pv3}",
        "vgcfgrestore -f {dir}/vg1.backup vg1",
        "vgrename vg1 vg2",
        "vgrename vg2 vg0",
        "vgrename vg2 vg-renamed",
        "pvchange --metadataignore y {pv3}",
        "pvchange --metadataignore n {pv3}",
        "vgck vg-renamed",
        "pvremove {pv2}",
        "pvremove {pv4}",
        "vgremove vg0",
        "vgremove vg-renamed",
        "pvremove {pv2} {pv3}",
        "pvcreate {pv2}",
        "vgcreate -s 64k --alloc anywhere vg3 {pv2} {pv4}",
        "vgchange --addtag x nosuch",
        "pvresize --setphysicalvolumesize 40m {pv4}",
        "pvresize -y --setphysicalvolumesize 40m {pv4}",
        "vgextend vg3 {pv0}",
        "vgremove vg3",
    ];
}
