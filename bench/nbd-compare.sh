#!/usr/bin/env bash
# Compares nbdcopy read and write throughput against three servers serving the same image file, in one run:
# ours (bench/SharpLvm.NbdServe), `nbdkit file` and `qemu-nbd`. Needs: libnbd-bin nbdkit qemu-utils.
#   bench/nbd-compare.sh [size-MiB (default 1024)] [rounds (default 3)]
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

echo "building SharpLvm.NbdServe (Release)..." >&2
dotnet build "$REPO/bench/SharpLvm.NbdServe" -c Release -v q -nologo >/dev/null
SERVE="$REPO/bench/SharpLvm.NbdServe/bin/Release/net10.0/SharpLvm.NbdServe"

echo "creating a ${SIZE_MIB} MiB random image..." >&2
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/source.img"
for server in ours nbdkit qemu; do cp "$WORK/source.img" "$WORK/$server.img"; done

"$SERVE" "$WORK/ours.img" --unix "$WORK/ours.sock" 2>"$WORK/ours.log" & PIDS+=($!)
nbdkit -f -U "$WORK/nbdkit.sock" file "$WORK/nbdkit.img" & PIDS+=($!)
qemu-nbd -t -e 16 -f raw --cache=writeback -k "$WORK/qemu.sock" "$WORK/qemu.img" & PIDS+=($!)
for server in ours nbdkit qemu; do
    for _ in $(seq 100); do [ -S "$WORK/$server.sock" ] && break; sleep 0.1; done
    [ -S "$WORK/$server.sock" ] || { echo "$server did not start" >&2; exit 1; }
done

uri() { echo "nbd+unix:///?socket=$WORK/$1.sock"; }

# Floating-point arithmetic and comparison with awk (no bc needed).
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
less() { awk "BEGIN { exit !($1 < $2) }"; }

# Seconds (with fractions) one command takes.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    calc "$end - $start"
}

declare -A BEST_READ BEST_WRITE
for server in ours nbdkit qemu; do
    nbdcopy "$(uri $server)" null: # warm-up: page cache and JIT
    BEST_READ[$server]=999999; BEST_WRITE[$server]=999999
done

for round in $(seq "$ROUNDS"); do
    for server in ours nbdkit qemu; do
        r=$(seconds nbdcopy "$(uri $server)" null:)
        w=$(seconds nbdcopy "$WORK/source.img" "$(uri $server)")
        printf 'round %d %-7s read %6.3f s  write %6.3f s\n' "$round" "$server" "$r" "$w" >&2
        if less "$r" "${BEST_READ[$server]}"; then BEST_READ[$server]=$r; fi
        if less "$w" "${BEST_WRITE[$server]}"; then BEST_WRITE[$server]=$w; fi
    done
done

# The written images must equal the source.
for server in ours nbdkit qemu; do
    cmp -s "$WORK/source.img" "$WORK/$server.img" || { echo "$server: image differs from the source after the write" >&2; exit 1; }
done

mibps() { calc "$SIZE_MIB / $1"; }
echo
printf '%-8s %12s %12s\n' server "read MiB/s" "write MiB/s"
for server in ours nbdkit qemu; do
    printf '%-8s %12.0f %12.0f\n' "$server" "$(mibps "${BEST_READ[$server]}")" "$(mibps "${BEST_WRITE[$server]}")"
done
printf '\nours / nbdkit: read %.0f%%  write %.0f%%\n' \
    "$(calc "100 * ${BEST_READ[nbdkit]} / ${BEST_READ[ours]}")" \
    "$(calc "100 * ${BEST_WRITE[nbdkit]} / ${BEST_WRITE[ours]}")"
