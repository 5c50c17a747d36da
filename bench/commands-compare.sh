#!/usr/bin/env bash
# Per-command timing, SharpLvm (Native AOT binary, on an image file) against real LVM2 (loop device over a copy
# of the same image, activation disabled), for VGs of 100, 1,000 and 10,000 LVs made with
# `sharplvm generate-sample-vg`. Prints milliseconds per run and the ratio lvm/ours (>1: we are faster).
# The generator sizes the metadata area to the text (LVM2 writes a copy only when it is under half the area).
# Each LVM2 command is capped at CAP seconds per run (default 60); a capped run prints "capped".
# Usage: bench/commands-compare.sh [runs] [sizes...]    (needs root and lvm2 for the LVM2 column)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; shift || true
sizes=("${@:-100 1000 10000}"); read -r -a sizes <<< "${sizes[*]}"
cap=${CAP:-60}
work=$(mktemp -d)
loop=""
cleanup() { [ -n "$loop" ] && losetup -d "$loop" || true; rm -rf "$work"; }
trap cleanup EXIT

echo "publishing the Native AOT binary..." >&2
dotnet publish src/SharpLvm.Cli -r linux-x64 -c Release -p:PublishAot=true -o "$work/aot" -v q -nologo >/dev/null
ours="$work/aot/sharplvm"
export LVM_SUPPRESS_FD_WARNINGS=1

# ms for one run of "$@" (bash builtin clock); "capped" when over the cap.
time_ms() {
  local start end
  start=$(date +%s%N)
  if ! timeout "$cap" "$@" >/dev/null 2>&1; then
    [ $? -eq 124 ] && { echo capped; return; }
  fi
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# Median of $runs runs.
median() {
  local values=() v
  for _ in $(seq "$runs"); do v=$(time_ms "$@"); [ "$v" = capped ] && { echo capped; return; }; values+=("$v"); done
  printf '%s\n' "${values[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

have_lvm=0
[ "$(id -u)" = 0 ] && command -v lvm >/dev/null && have_lvm=1

printf '%-8s %-34s %10s %10s %8s\n' LVs command "ours ms" "lvm ms" ratio
for n in "${sizes[@]}"; do
  rm -rf "$work/sys" "$work/lvm"; mkdir -p "$work/sys" "$work/lvm"
  export LVM_SYSTEM_DIR="$work/sys"
  "$ours" generate-sample-vg --lvs "$n" benchvg "$work/ours.img" >/dev/null
  truncate -s "$(stat -c %s "$work/ours.img")" "$work/spare.img"
  cp --sparse=always "$work/ours.img" "$work/lvm.img"
  dev="--devices $work/ours.img,$work/spare.img"
  if [ $have_lvm = 1 ]; then
    loop=$(losetup -f --show "$work/lvm.img"); spare=$(losetup -f --show "$work/spare.img")
    printf 'global { activation = 0 }\ndevices { global_filter = [ "a|^%s$|", "a|^%s$|", "r|.*|" ] use_devicesfile = 0 obtain_device_list_from_udev = 0 }\nbackup { backup = 1 archive = 1 }\n' "$loop" "$spare" > "$work/lvm/lvm.conf"
  fi
  # name | our arguments | LVM2 arguments (lvm <args>)
  cases=(
    "pvs|pvs $dev|pvs"
    "vgs|vgs $dev|vgs"
    "lvs|lvs $dev|lvs"
    "vgdisplay|vgdisplay $dev benchvg|vgdisplay benchvg"
    "pvdisplay|pvdisplay $dev $work/ours.img|pvdisplay ${loop:-x}"
    "vgck|vgck $dev benchvg|vgck benchvg"
    "vgchange --addtag|vgchange $dev --addtag t benchvg|vgchange --addtag t benchvg"
    "pvchange --addtag|pvchange $dev --addtag t $work/ours.img|pvchange --addtag t ${loop:-x}"
    "vgcfgbackup|vgcfgbackup $dev -f $work/ours.backup benchvg|vgcfgbackup -f $work/lvm.backup benchvg"
    "vgrename|vgrename $dev benchvg benchvg2|vgrename benchvg benchvg2"
    "vgrename back|vgrename $dev benchvg2 benchvg|vgrename benchvg2 benchvg"
    "pvcreate (spare)|pvcreate $dev -ff -y $work/spare.img|pvcreate -ff -y ${spare:-x}"
    "vgextend (spare)|vgextend $dev benchvg $work/spare.img|vgextend benchvg ${spare:-x}"
    "vgreduce (spare)|vgreduce $dev benchvg $work/spare.img|vgreduce benchvg ${spare:-x}"
  )
  for c in "${cases[@]}"; do
    IFS='|' read -r name oargs largs <<< "$c"
    if [[ $name == *"(spare)"* || $name == vgrename* ]]; then r=1; else r=$runs; fi
    o=$(runs=$r median $ours $oargs)
    if [ $have_lvm = 1 ]; then l=$(runs=$r median env LVM_SYSTEM_DIR="$work/lvm" lvm $largs); else l="-"; fi
    ratio="-"
    [[ $o =~ ^[0-9]+$ && $l =~ ^[0-9]+$ && $o -gt 0 ]] && ratio=$(awk -v a="$l" -v b="$o" 'BEGIN { printf "%.2f", a / b }')
    printf '%-8s %-34s %10s %10s %8s\n' "$n" "$name" "$o" "$l" "$ratio"
  done
  if [ -n "$loop" ]; then losetup -d "$loop" "$spare"; loop=""; fi
done
