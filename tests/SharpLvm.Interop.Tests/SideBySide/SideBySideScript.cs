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

    /// <summary>
    /// LV commands: linear and striped LVs, PV lists with PE ranges, resize, rename, tags, removal, and mirrors made with
    /// lvcreate then lvconvert (LVM2 cannot create them without device-mapper): disk and core logs, legs added (the
    /// <c>_mimagetmp_N</c> layer of a pending conversion) and removed, log changes, <c>-m0</c>. LVM2 commits several
    /// times in most of these, so the seqno comparison checks that ours writes the same sequence.
    /// </summary>
    public static IReadOnlyList<string> LvCommands { get; } =
    [
        "pvcreate {pv0} {pv1} {pv2} {pv3}",
        "vgcreate vg0 {pv0} {pv1} {pv2}",
        "lvcreate -an -Zn -L 8m -n lin vg0",
        "lvcreate -an -Zn -l 3 -n lin2 vg0 {pv1}",
        "lvcreate -an -Zn -l 2 -n ranged vg0 {pv2}:5-6",
        "lvcreate -an -Zn -i 2 -I 64k -L 16m -n str vg0",
        "lvcreate -an -Zn -L 8m -n mir vg0",
        "lvcreate -an -Zn -L 8m -n mirc vg0",
        "lvextend -L +4m vg0/lin",
        "lvextend -l +2 vg0/lin2 {pv0}",
        "lvreduce -f -L -4m vg0/lin",
        "lvresize -f -l 5 vg0/lin2",
        "lvrename vg0 lin2 second",
        "lvchange --addtag db vg0/second",
        "lvchange --deltag db --addtag web vg0/second",
        "lvcreate -an -Zn -L 1g -n toobig vg0",
        "lvcreate -an -Zn -L 4m -n bad_mimage_x vg0",
        "lvcreate -an -Zn -L 4m -n lin vg0",
        "lvremove -f vg0/lin",
        "lvconvert --type mirror -m1 vg0/mir",
        "lvconvert --type mirror -m1 vg0/mir",
        "lvconvert --type mirror -m1 --mirrorlog core vg0/mirc",
        "lvconvert -m+1 vg0/mirc",
        "lvconvert -m-1 vg0/mirc",
        "lvconvert --mirrorlog disk vg0/mirc",
        "lvconvert --mirrorlog core vg0/mirc",
        "lvconvert -y --mirrorlog core vg0/mirc",
        "lvconvert -m+1 vg0/mir",
        "vgextend vg0 {pv3}",
        "lvconvert -m+1 vg0/mir",
        "lvconvert -m+1 vg0/mir",
        "lvconvert -m-1 vg0/mir",
        "lvconvert -m0 vg0/mirc",
        "lvcreate -an -Zn -l 1 -n m3 vg0 {pv0}:0",
        "lvconvert --type mirror -m2 vg0/m3",
        "lvconvert -m-1 vg0/m3 {pv1}",
        "lvconvert -m+1 vg0/mir",
        "lvconvert -m0 vg0/mir",
        "lvcreate -an -Zn -l 100%FREE -n rest vg0 {pv3}",
        "lvremove -f vg0/rest",
        "lvconvert -m0 vg0/m3",
        "vgreduce vg0 {pv3}",
        "lvconvert --type mirror -m1 vg0/m3",
        "vgck vg0",
        "vgcfgbackup -f {dir}/vg0.backup vg0",
        "lvremove -f vg0/str",
        "vgcfgrestore -f {dir}/vg0.backup vg0",
        "lvremove -f vg0/ranged",
        "lvremove -f vg0/m3",
        "lvremove -f vg0/mirc",
        "vgremove -f vg0",
    ];
}
