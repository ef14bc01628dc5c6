#!/usr/bin/env bash
# Writing a 1 GiB payload into a partition of an image: Bronze's BlockCopy against dd, for a dense
# (random) payload and a sparse one (64 MiB of data in 1 GiB), fsync included in every timing.
# Usage: bench/partition-write.sh [RUNS]   (default 3; prints the median of each)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}
work=$(mktemp -d "${TMPDIR:-/var/tmp}/bronze-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

mvn -q -B -o -pl hardware test-compile >&2
cp="hardware/target/classes:hardware/target/test-classes:$(mvn -q -B -o -pl hardware dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >&2 && cat "$work/cp")"

offset=$((1 << 20))
img="$work/disk.img"
truncate -s 2G "$img"
printf 'label: gpt\nstart=2048, size=1100MiB, type=linux, name=DATA\n' | sfdisk -q "$img"

head -c 1G /dev/urandom > "$work/dense"
truncate -s 1G "$work/sparse"
for i in $(seq 0 15); do
  dd if=/dev/urandom of="$work/sparse" bs=4M count=1 seek=$((i * 16)) conv=notrunc status=none
done

ms() { date +%s%N | cut -c1-13; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() { # name payload
  local name=$1 payload=$2 dd_ms=() dds_ms=() br_ms=()
  for _ in $(seq "$runs"); do
    fallocate -p -o "$offset" -l 1G "$img"
    t=$(ms); dd if="$payload" of="$img" bs=4M seek="$offset" oflag=seek_bytes conv=notrunc,fsync status=none
    dd_ms+=($(( $(ms) - t )))
    fallocate -p -o "$offset" -l 1G "$img"
    t=$(ms); dd if="$payload" of="$img" bs=4M seek="$offset" oflag=seek_bytes conv=notrunc,sparse,fsync status=none
    dds_ms+=($(( $(ms) - t )))
    fallocate -p -o "$offset" -l 1G "$img"
    br_ms+=($(java -cp "$cp" dev.bronze.bench.PartitionWriteBench "$payload" "$img" "$offset" | awk '{print $2}'))
    cmp -s -n $((1 << 30)) "$payload" <(tail -c +$((offset + 1)) "$img") || { echo "bench: copy of $name differs" >&2; exit 1; }
  done
  local used; used=$(du -k "$img" | cut -f1)
  printf '%-7s dd bs=4M: %6s ms   dd conv=sparse: %6s ms   bronze BlockCopy: %6s ms (copy in-JVM; image now %s MiB on disk)\n' \
    "$name" "$(printf '%s\n' "${dd_ms[@]}" | median)" "$(printf '%s\n' "${dds_ms[@]}" | median)" \
    "$(printf '%s\n' "${br_ms[@]}" | median)" $((used / 1024))
}

bench dense "$work/dense"
bench sparse "$work/sparse"
