#!/usr/bin/env bash
# The main job on image files, rootless: build sharplvm, make three sparse image files, turn them into PVs,
# make a VG with linear, striped and mirror LVs, change them, and report, all with LVM2's commands.
# A private system directory (devices file, archive, backup, locks) is used and removed afterwards.
# Usage: ./demo.sh [--keep]   (--keep leaves the images and system directory in place and prints where)
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
[ "${1:-}" = --keep ] || trap 'rm -rf "$work"' EXIT
export LVM_SYSTEM_DIR="$work/system"
mkdir -p "$LVM_SYSTEM_DIR"

dotnet build src/SharpLvm.Cli -c Release -v q -nologo >/dev/null
lvm() { echo "+ sharplvm $*" >&2; dotnet src/SharpLvm.Cli/bin/Release/net10.0/SharpLvm.Cli.dll "$@"; }

for i in 0 1 2; do truncate -s 256M "$work/pv$i.img"; done
lvm pvcreate "$work/pv0.img" "$work/pv1.img" "$work/pv2.img"   # also records them in the devices file
lvm vgcreate -s 4m demo "$work/pv0.img" "$work/pv1.img" "$work/pv2.img"
lvm lvcreate -an -Zn -L 40m -n data demo
lvm lvcreate -an -Zn -i 2 -I 64k -L 64m -n fast demo
lvm lvcreate -an -Zn -L 32m -n safe demo
lvm lvconvert -y --type mirror -m 1 demo/safe
lvm lvextend -L +20m demo/data
lvm lvchange --addtag important demo/data
lvm pvs
lvm vgs
lvm lvs -a -o +devices,seg_pe_ranges
lvm vgcfgbackup -f "$work/demo.vg" demo
echo "backup written: $work/demo.vg ($(wc -l < "$work/demo.vg") lines)" >&2
[ "${1:-}" = --keep ] && echo "kept: images and system directory in $work" >&2
exit 0
