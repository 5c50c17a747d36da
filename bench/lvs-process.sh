#!/usr/bin/env bash
# Whole-process timing of `sharplvm lvs` on a VG of 1,000 LVs: JIT (dotnet SharpLvm.Cli.dll) and the Native AOT
# binary, with hyperfine when installed (apt-get install -y hyperfine), else a loop timed with date +%s%N.
# With root and lvm2 installed, real LVM2 (`lvm lvs` on a loop device over the same image) is timed too.
# Usage: bench/lvs-process.sh [LV count] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
lvs=${1:-1000}
runs=${2:-20}
work=$(mktemp -d)
loop=""
cleanup() { [ -n "$loop" ] && losetup -d "$loop"; rm -rf "$work"; }
trap cleanup EXIT

echo "building (Release, JIT) and publishing (Native AOT)..." >&2
dotnet build src/SharpLvm.Cli -c Release -v q -nologo >/dev/null
dotnet publish src/SharpLvm.Cli -r linux-x64 -c Release -p:PublishAot=true -o "$work/aot" -v q -nologo >/dev/null
jit="dotnet src/SharpLvm.Cli/bin/Release/net10.0/SharpLvm.Cli.dll"
aot="$work/aot/sharplvm"

$jit generate-sample-vg --lvs "$lvs" benchvg "$work/pv0.img" >&2
args="lvs --devices $work/pv0.img"
[ "$($aot $args --noheadings | wc -l)" -eq "$lvs" ] || { echo "lvs did not list $lvs LVs" >&2; exit 1; }

commands=("$jit $args" "$aot $args")
names=("sharplvm lvs (JIT)" "sharplvm lvs (AOT)")
if [ "$(id -u)" = 0 ] && command -v lvm >/dev/null && loop=$(losetup -f --show "$work/pv0.img" 2>/dev/null); then
  mkdir -p "$work/lvm"
  printf 'global { activation = 0 }\ndevices { global_filter = [ "a|^%s$|", "r|.*|" ] use_devicesfile = 0 obtain_device_list_from_udev = 0 }\nbackup { backup = 0 archive = 0 }\n' "$loop" > "$work/lvm/lvm.conf"
  commands+=("env LVM_SYSTEM_DIR=$work/lvm LVM_SUPPRESS_FD_WARNINGS=1 lvm lvs")
  names+=("lvm lvs (LVM2 2.03, loop device)")
fi

if command -v hyperfine >/dev/null; then
  hf=(hyperfine -N --warmup 3 --runs "$runs")
  for i in "${!commands[@]}"; do hf+=(-n "${names[$i]}" "${commands[$i]}"); done
  "${hf[@]}"
else
  for i in "${!commands[@]}"; do
    ${commands[$i]} >/dev/null # warm-up
    total=0; best=""
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N); ${commands[$i]} >/dev/null; t1=$(date +%s%N)
      ms=$(( (t1 - t0) / 1000000 )); total=$((total + ms))
      [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
    done
    printf '%-36s mean %5d ms  min %5d ms  (%d runs)\n' "${names[$i]}" $((total / runs)) "$best" "$runs"
  done
fi
