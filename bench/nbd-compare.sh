#!/usr/bin/env bash
# Compares nbdcopy read and write throughput against three servers serving the same data, in one run:
# ours (a linear LV, made with sharplvm pvcreate/vgcreate/lvcreate and activated with `lvchange -ay`, served by
# `sharplvm daemon` on its NBD Unix socket), `nbdkit file` and `qemu-nbd` (each on its own copy of the image).
# Needs: libnbd-bin nbdkit qemu-utils.
#   bench/nbd-compare.sh [size-MiB (default 1024)] [rounds (default 3)]
# SHARPLVM=/path/to/sharplvm uses that binary (e.g. the Native AOT one) instead of building the CLI (Release).
# Rounds are interleaved (ours, nbdkit, qemu-nbd, ours, ...) so background load hits all alike; the best
# round of each counts. Reads go to `null:`; writes copy a source file into the export.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/nbd-compare.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in nbdcopy nbdkit qemu-nbd; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y libnbd-bin nbdkit qemu-utils)" >&2; exit 2; }
done

if [ -z "${SHARPLVM:-}" ]; then
    echo "building the sharplvm CLI (Release)..." >&2
    dotnet build "$REPO/src/SharpLvm.Cli" -c Release -v q -nologo >/dev/null
    SHARPLVM="$REPO/src/SharpLvm.Cli/bin/Release/net10.0/sharplvm"
fi
export SHARPLVM_RUN_DIR="$WORK/run" LVM_SYSTEM_DIR="$WORK/etc"
mkdir -p "$LVM_SYSTEM_DIR"

echo "creating a ${SIZE_MIB} MiB random image..." >&2
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.img"
for server in nbdkit qemu; do cp "$WORK/source.img" "$WORK/$server.img"; done

# Ours: a PV image with room for metadata (1 MiB before the first extent), a linear LV of SIZE_MIB holding the
# same bytes from offset 1 MiB, activated in the daemon.
PE_START=$((1024 * 1024))
truncate -s "$(((SIZE_MIB + 8) * 1024 * 1024))" "$WORK/ours.img"
"$SHARPLVM" pvcreate "$WORK/ours.img" >/dev/null
"$SHARPLVM" vgcreate bench "$WORK/ours.img" >/dev/null
"$SHARPLVM" lvcreate -L "${SIZE_MIB}M" -n lin bench >/dev/null 2>&1
dd if="$WORK/source.img" of="$WORK/ours.img" bs=1M seek=1 conv=notrunc status=none

declare -A PID
"$SHARPLVM" daemon --nbd-socket "$WORK/ours.sock" 2>"$WORK/ours.log" & PID[ours]=$!
for _ in $(seq 300); do "$SHARPLVM" dmsetup ls >/dev/null 2>&1 && break; sleep 0.1; done
"$SHARPLVM" lvchange -ay bench/lin >/dev/null
nbdkit -f -U "$WORK/nbdkit.sock" file "$WORK/nbdkit.img" & PID[nbdkit]=$!
qemu-nbd -t -e 16 -f raw --cache=writeback -k "$WORK/qemu.sock" "$WORK/qemu.img" & PID[qemu]=$!
PIDS+=("${PID[@]}")
for server in ours nbdkit qemu; do
    for _ in $(seq 100); do [ -S "$WORK/$server.sock" ] && break; sleep 0.1; done
    [ -S "$WORK/$server.sock" ] || { echo "$server did not start" >&2; exit 1; }
done

uri() { if [ "$1" = ours ]; then echo "nbd+unix:///bench/lin?socket=$WORK/ours.sock"; else echo "nbd+unix:///?socket=$WORK/$1.sock"; fi; }

# Floating-point arithmetic and comparison with awk (no bc needed).
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
less() { awk "BEGIN { exit !($1 < $2) }"; }

# CPU time (user + system, clock ticks) a server process has used so far: unlike wall time on a busy
# machine, this measures each server's own cost.
TICKS=$(getconf CLK_TCK)
cputicks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Seconds (with fractions) one command takes.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    calc "$end - $start"
}

declare -A BEST_READ BEST_WRITE CPU_READ CPU_WRITE
for server in ours nbdkit qemu; do
    nbdcopy "$(uri $server)" null: # warm-up: page cache and JIT
    BEST_READ[$server]=999999; BEST_WRITE[$server]=999999; CPU_READ[$server]=0; CPU_WRITE[$server]=0
done

for round in $(seq "$ROUNDS"); do
    for server in ours nbdkit qemu; do
        c0=$(cputicks "${PID[$server]}")
        r=$(seconds nbdcopy "$(uri $server)" null:)
        c1=$(cputicks "${PID[$server]}")
        w=$(seconds nbdcopy "$WORK/source.img" "$(uri $server)")
        c2=$(cputicks "${PID[$server]}")
        CPU_READ[$server]=$((CPU_READ[$server] + c1 - c0)); CPU_WRITE[$server]=$((CPU_WRITE[$server] + c2 - c1))
        printf 'round %d %-7s read %6.3f s  write %6.3f s  (server cpu %d + %d ticks)\n' "$round" "$server" "$r" "$w" "$((c1 - c0))" "$((c2 - c1))" >&2
        if less "$r" "${BEST_READ[$server]}"; then BEST_READ[$server]=$r; fi
        if less "$w" "${BEST_WRITE[$server]}"; then BEST_WRITE[$server]=$w; fi
    done
done

# The written images must equal the source (ours: the LV's extents on the PV image).
for server in nbdkit qemu; do
    cmp -s "$WORK/source.img" "$WORK/$server.img" || { echo "$server: image differs from the source after the write" >&2; exit 1; }
done
cmp -s -n "$((SIZE_MIB * 1024 * 1024))" -i "0:$PE_START" "$WORK/source.img" "$WORK/ours.img" \
    || { echo "ours: the LV's extents differ from the source after the write" >&2; exit 1; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2

mibps() { calc "$SIZE_MIB / $1"; }
# Server CPU seconds per GiB moved, averaged over the rounds.
cpugib() { calc "$1 / $TICKS / $ROUNDS / ($SIZE_MIB / 1024)"; }
echo
printf '%-8s %12s %12s %16s %16s\n' server "read MiB/s" "write MiB/s" "read cpu s/GiB" "write cpu s/GiB"
for server in ours nbdkit qemu; do
    printf '%-8s %12.0f %12.0f %16.2f %16.2f\n' "$server" "$(mibps "${BEST_READ[$server]}")" "$(mibps "${BEST_WRITE[$server]}")" \
        "$(cpugib "${CPU_READ[$server]}")" "$(cpugib "${CPU_WRITE[$server]}")"
done
printf '\nours / nbdkit: read %.0f%%  write %.0f%%\n' \
    "$(calc "100 * ${BEST_READ[nbdkit]} / ${BEST_READ[ours]}")" \
    "$(calc "100 * ${BEST_WRITE[nbdkit]} / ${BEST_WRITE[ours]}")"
