# Runs in a kernel-lab guest (Debian's 6.1 kernel) with three disks: vda, vdb (legs, 8 MiB), vdc (log, 1 MiB).
# Prints "STATUS <step> <mirror status>" after each step of a leg fault and return; MirrorLegFaultKernelTests runs
# the same steps on our engine and compares. No handle_errors for the write: with it the kernel holds a failed
# write until the next suspend (dmeventd's cue), which a script cannot wait out.
wait_sync() {
    for i in $(seq 1 100); do dmsetup status "$1" | grep -q " 16/16 " && return 0; sleep 0.2; done
    return 1
}
swap() { dmsetup load "$1" --table "$2" && dmsetup suspend "$1" && dmsetup resume "$1"; }
status() { echo "STATUS $1 $(dmsetup status "$2")"; }
dmsetup create leg0 --table "0 16384 linear /dev/vda 0" || exit 1
dmsetup create leg1 --table "0 16384 linear /dev/vdb 0" || exit 1
dmsetup create mlog --table "0 2048 linear /dev/vdc 0" || exit 1
dmsetup create m --table "0 16384 mirror disk 2 /dev/mapper/mlog 1024 2 /dev/mapper/leg0 0 /dev/mapper/leg1 0" || exit 1
wait_sync m || exit 1
status synced m
dd if=/dev/urandom of=/tmp/data bs=64k count=16 2>/dev/null
swap leg1 "0 16384 error"
dd if=/tmp/data of=/dev/mapper/m bs=64k seek=4 count=16 oflag=direct conv=fsync 2>/dev/null && echo "WRITE OK"
status leg1-failed-written m
dd if=/dev/mapper/m of=/tmp/back bs=64k skip=4 count=16 iflag=direct 2>/dev/null
cmp -s /tmp/data /tmp/back && echo "READ BACK OK"
swap leg1 "0 16384 linear /dev/vdb 0"
status leg1-returned m
dmsetup suspend --noflush m && dmsetup resume m
wait_sync m
status resumed-synced m
cmp -s /dev/vda /dev/vdb && echo "LEGS IDENTICAL"
dmsetup remove m
dmsetup create h --table "0 16384 mirror disk 2 /dev/mapper/mlog 1024 2 /dev/mapper/leg0 0 /dev/mapper/leg1 0 1 handle_errors" || exit 1
wait_sync h
swap leg0 "0 16384 error"
dd if=/dev/mapper/h of=/dev/null bs=64k count=1 iflag=direct 2>/dev/null && echo "READ OK"
status leg0-failed-read h
echo "GUEST DONE"
