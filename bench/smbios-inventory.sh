#!/usr/bin/env bash
# Wall time of `bronze smbios` and `bronze inventory` on the fixtures, cold JVM each run (what init
# pays), next to dmidecode for scale. Usage: bench/smbios-inventory.sh [RUNS]   (default 10)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-10}
cd "$here"
./bronze --version >/dev/null   # build once, outside the measurement
shared="$here/../shared/fixtures/hardware/smbios-binary"

measure() {   # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  printf '%-48s %8.1f ms/run\n' "$label" "$(echo "($end - $start) / 1000000 / $runs" | bc -l)"
}

measure "bronze --version (JVM start, the floor)" ./bronze --version
measure "bronze smbios --dump Beelink-EQ12 --json" ./bronze smbios --dump "$shared/Beelink-EQ12.dump-bin" --json
measure "bronze inventory --root x86-server --json" ./bronze inventory --root test-vectors/inventory/x86-server --json
measure "bronze inventory --root rpi5 --json" ./bronze inventory --root test-vectors/inventory/rpi5 --json
if command -v dmidecode >/dev/null; then
  measure "dmidecode --from-dump Beelink-EQ12 (C, for scale)" dmidecode --from-dump "$shared/Beelink-EQ12.dump-bin"
fi
