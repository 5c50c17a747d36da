#!/bin/sh
# Runs inside the kernel lab (busybox sh, Debian 6.1 kernel): the kernel's nbd client on an LV served by
# `sharplvm daemon`. /payload holds sharplvm (AOT), nbd-client, nbd.ko, libssl.so.3 and libcrypto.so.3; /dev/vda is an empty image disk.
# Prints "STEP name" as it goes and "KERNEL-NBD OK" at the end; any failure exits non-zero.
set -eu
# .NET dlopens libssl/libcrypto (for its random numbers): the payload carries them.
export LD_LIBRARY_PATH=/payload DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 SHARPLVM_RUN_DIR=/run/sharplvm LVM_SYSTEM_DIR=/tmp/sharplvm-etc
mkdir -p "$LVM_SYSTEM_DIR" /mnt/lv
S=/payload/sharplvm
step() { echo "STEP $*"; }
fail() { echo "FAIL $*"; exit 1; }

step insmod
insmod /payload/nbd.ko nbds_max=2
[ -b /dev/nbd0 ] || mknod /dev/nbd0 b 43 0

step metadata
$S pvcreate /dev/vda
$S vgcreate vg /dev/vda
$S lvcreate -L 64M -n lv vg

step daemon
$S daemon --background
if $S lvchange -ay vg/lv 2>/tmp/lvchange.err; then
    echo "activated with lvchange -ay"
else
    # Activation not wired in the CLI: the LV's device as LVM2 would create it (first extent at pe_start).
    echo "lvchange -ay unavailable ($(head -c 200 /tmp/lvchange.err)); using dmsetup"
    pv=$($S dmsetup attach /dev/vda)
    vgu=$($S vgs --noheadings -o vg_uuid vg | tr -d ' -')
    lvu=$($S lvs --noheadings -o lv_uuid vg/lv | tr -d ' -')
    $S dmsetup create vg-lv --uuid "LVM-$vgu$lvu" --table "0 131072 linear $pv 2048"
fi
$S dmsetup table

step nbd-client
/payload/nbd-client -unix /run/sharplvm/nbd.sock /dev/nbd0 -N vg/lv
size=$(blockdev --getsize64 /dev/nbd0)
echo "nbd0 size $size"
[ "$size" = 67108864 ] || fail "nbd0 has $size bytes"

step dd
dd if=/dev/urandom of=/tmp/pattern bs=1M count=8 2>/dev/null
dd if=/tmp/pattern of=/dev/nbd0 bs=1M seek=3 conv=fsync 2>/dev/null
blockdev --flushbufs /dev/nbd0
echo 3 > /proc/sys/vm/drop_caches
a=$(sha256sum < /tmp/pattern | cut -d' ' -f1)
b=$(dd if=/dev/nbd0 bs=1M skip=3 count=8 2>/dev/null | sha256sum | cut -d' ' -f1)
c=$(dd if=/dev/vda bs=1M skip=4 count=8 2>/dev/null | sha256sum | cut -d' ' -f1)
echo "dd: written $a read back $b on the PV $c"
[ "$a" = "$b" ] && [ "$a" = "$c" ] || fail "dd checksums differ"

step mkfs
mkfs.ext4 -q -F /dev/nbd0
mount -t ext4 /dev/nbd0 /mnt/lv
i=0
while [ $i -lt 20 ]; do
    dd if=/dev/urandom of=/mnt/lv/file$i bs=64k count=$((i + 1)) 2>/dev/null
    i=$((i + 1))
done
mkdir /mnt/lv/dir && cp /tmp/pattern /mnt/lv/dir/pattern
(cd /mnt/lv && sha256sum file* dir/pattern) > /tmp/sums
umount /mnt/lv

step fsck
e2fsck -fn /dev/nbd0
echo "fsck clean"

step remount
echo 3 > /proc/sys/vm/drop_caches
mount -t ext4 -o ro /dev/nbd0 /mnt/lv
(cd /mnt/lv && sha256sum -c /tmp/sums) | tail -3
(cd /mnt/lv && sha256sum -c -s /tmp/sums) || fail "files differ after remount"
umount /mnt/lv
n=$(dd if=/dev/nbd0 bs=1M count=64 2>/dev/null | sha256sum | cut -d' ' -f1)

step disconnect
/payload/nbd-client -d /dev/nbd0
v=$(dd if=/dev/vda bs=1M skip=1 count=64 2>/dev/null | sha256sum | cut -d' ' -f1)
echo "whole LV: over nbd $n on the PV $v"
[ "$n" = "$v" ] || fail "the LV read over nbd differs from the PV"
echo "KERNEL-NBD OK"
