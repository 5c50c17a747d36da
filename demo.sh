#!/usr/bin/env bash
# Builds sharplvm and runs the read-only commands on the LVM2 fixture images (decompressed into a temp dir).
# Usage: ./demo.sh [vgsample|wrapped|twomda]   (default vgsample). Needs dotnet and zstd.
set -euo pipefail
cd "$(dirname "$0")"
set_name=${1:-vgsample}
shared=${SHARPLVM_SHARED:-$(cd .. && pwd)/shared}
[ -d "$shared/fixtures" ] || shared=/work/shared
fixtures="$shared/fixtures/lvm2-2.03.16"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/SharpLvm.Cli -c Release -v q -nologo >/dev/null
sharplvm="dotnet src/SharpLvm.Cli/bin/Release/net10.0/SharpLvm.Cli.dll"

devices=""
for img in "$fixtures/$set_name".pv*.img.zst; do
  out="$work/$(basename "$img" .zst)"
  zstd -qd "$img" -o "$out"
  devices="${devices:+$devices,}$out"
done

set -x
$sharplvm pvs --devices "$devices"
$sharplvm vgs --devices "$devices"
$sharplvm lvs -a --devices "$devices" -o +devices
$sharplvm lvs -a --devices "$devices" --reportformat json --units s -o lv_name,lv_attr,lv_size,segtype,seg_pe_ranges
