#!/usr/bin/env bash
# Writing a payload (default 1 GiB) into a FAT32 partition at 1 MiB inside a sparse image:
# Bronze's pure-Java writer vs mcopy (mtools) vs dd of the same bytes to the same offset (the raw
# bound: no filesystem at all). Each run ends with the data on disk (fsync), caches are dropped
# between runs when possible. Prints a Markdown table for docs/fat.md.
#
#   bench/fat-write.sh [PAYLOAD_MIB] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mib=${1:-1024}
runs=${2:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fat-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MTOOLS_SKIP_CHECK=1

(cd "$here" && mvn -q -B -o -pl hardware -am test-compile -Dmaven.test.skip.exec=true) >&2
cp_file="$work/cp.txt"
(cd "$here" && mvn -q -B -o -pl hardware dependency:build-classpath -Dmdep.outputFile="$cp_file") >&2
# A private copy of the classes, so a build running meanwhile cannot pull them away.
cp -r "$here/hardware/target/classes" "$work/classes"
cp -r "$here/hardware/target/test-classes" "$work/test-classes"
cp="$work/classes:$work/test-classes:$(cat "$cp_file")"

payload="$work/payload.bin"
head -c "$((mib << 20))" /dev/urandom > "$payload"
part_offset=$((1 << 20))
part_bytes=$(( (mib + mib / 4 + 64) << 20 ))
image_bytes=$(( part_offset + part_bytes + (1 << 20) ))
img="$work/disk.img"

drop() { sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches || true; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

bronze=() ; mcopy_t=() ; dd_t=()
for r in $(seq "$runs"); do
  rm -f "$img"; drop
  out=$(java -cp "$cp" dev.bronze.hardware.fat.FatWriteBench "$img" "$image_bytes" "$part_offset" "$part_bytes" "$payload")
  t1=$(now); sync "$img"; t2=$(now)
  bronze+=( $(( $(echo "$out" | cut -d' ' -f2) + $(ms "$t1" "$t2") )) )

  rm -f "$img"
  java -cp "$cp" dev.bronze.hardware.fat.FatWriteBench "$img" "$image_bytes" "$part_offset" "$part_bytes" format-only >/dev/null
  drop
  t1=$(now); mcopy -i "$img@@$part_offset" "$payload" ::/payload.bin; sync "$img"; t2=$(now)
  mcopy_t+=( $(ms "$t1" "$t2") )

  rm -f "$img"; truncate -s "$image_bytes" "$img"; drop
  t1=$(now); dd if="$payload" of="$img" bs=4M seek="$part_offset" oflag=seek_bytes conv=notrunc,fsync status=none; t2=$(now)
  dd_t+=( $(ms "$t1" "$t2") )
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rate() { awk -v m="$mib" -v t="$1" 'BEGIN { printf "%.0f", m * 1000 / (t > 0 ? t : 1) }'; }
b=$(median "${bronze[@]}"); m=$(median "${mcopy_t[@]}"); d=$(median "${dd_t[@]}")
echo "| writer (${mib} MiB payload, median of $runs, fsync included) | ms | MiB/s |"
echo "|---|---:|---:|"
echo "| Bronze FatFileSystem.write (pure Java) | $b | $(rate "$b") |"
echo "| mcopy (mtools $(mcopy --version | head -1 | awk '{print $NF}')) | $m | $(rate "$m") |"
echo "| dd bs=4M conv=fsync (no filesystem) | $d | $(rate "$d") |"
