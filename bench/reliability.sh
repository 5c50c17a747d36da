#!/usr/bin/env bash
# Issue 7's figures: runs the crash-point tests (every write of each command crashed and torn) and the fuzz
# tests, and prints one table of crash points per command (old / new / torn / repaired) and one of fuzz inputs
# per target. Failures found by fuzzing show up as failed tests (the run exits non-zero).
# Usage: bench/reliability.sh [fuzz inputs per target, default 100000 as in CI]
set -uo pipefail
cd "$(dirname "$0")/.."
iter=${1:-100000}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
# The live crash points run in full here (the default test run takes a deterministic quarter of them); after each,
# the recovery is crashed at 1 (first, second) pair in 8 (SHARPLVM_LIVE_RECOVERY_STRIDE=1: every pair, about 8 times longer).
export SHARPLVM_RELIABILITY_REPORT=$report SHARPLVM_FUZZ_ITER=$iter SHARPLVM_LIVE_CRASH_ALL=${SHARPLVM_LIVE_CRASH_ALL:-1}
export SHARPLVM_LIVE_RECOVERY_STRIDE=${SHARPLVM_LIVE_RECOVERY_STRIDE:-8}
status=0
start=$(date +%s)
dotnet test tests/SharpLvm.Tests -c Release -nologo -v q --filter "FullyQualifiedName~SharpLvm.Tests.Reliability" >&2 || status=1
dotnet test tests/SharpLvm.DeviceMapper.Tests -c Release -nologo -v q --filter "FullyQualifiedName~Reliability" >&2 || status=1
dotnet test tests/SharpLvm.Nbd.Tests -c Release -nologo -v q --filter "FullyQualifiedName~Reliability" >&2 || status=1
end=$(date +%s)

echo "| command | writes | crash points | ended old | ended new | torn | repaired by vgck --updatemetadata |"
echo "|---|---:|---:|---:|---:|---:|---:|"
grep '^crash ' "$report" | sort | awk '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $2, $4, $6, $8, $10, $12, $14 }'
echo
echo "| live command | crash kind | metadata writes | dm operations | crash points | ended old | ended new | ended intermediate | torn | recovered clean |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
grep '^livecrash ' "$report" | awk '{ gsub("_", " ", $2); printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $5, $7, $9, $11, $13, $15, $17, $19 }'
echo
echo "| live command | first crash | crash of the recovery | first points | pairs | ended old | ended new | ended intermediate | torn | recovered clean |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
grep '^liverecovery ' "$report" | awk '{ gsub("_", " ", $2); printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $6, $8, $10, $12, $14, $16, $18 }'
echo
echo "| fuzz target | inputs | seconds | accepted | distinct throw sites | result |"
echo "|---|---:|---:|---:|---:|---|"
# A target reports only when all its inputs passed; a failing one is a failed test above (exit status 1).
# "accepted": inputs the parser took (or declined as "not this structure") without an exception; "distinct throw
# sites": places (method + IL offset) a StorageException came from; nbd-session counts the server's distinct log lines.
grep '^fuzz ' "$report" | sort | awk '{ printf "| %s | %s | %s | %s | %s | no failure |\n", $2, $4, $6, $8, $10 }'
if [ -n "${SHARPLVM_FUZZ_SITES:-}" ]; then
  echo
  grep '^site ' "$report"
fi
echo
echo "($((end - start)) s including builds; fuzz inputs per target: $iter, nbd-session too;"
echo " SHARPLVM_FUZZ_SITES=1 lists every throw site with its count)"
exit $status
