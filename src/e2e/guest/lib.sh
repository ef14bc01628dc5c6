# Helpers for check scripts in Bronze e2e guests (sourced by init before the check).
# Output is the line protocol of docs/e2e-toolkit.md, one line per call, on the console:
#   BRONZE-CHECK <name> pass|fail [detail...]
#   BRONZE-RESULT <key>=<value> ...     (values percent-encoded: %, space, tab, CR, LF, =)
#   BRONZE-LOG <text>

# Percent-encode one value so that a line stays one line and splits at spaces.
bronze_enc() {
  printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/	/%09/g' -e 's/=/%3D/g' -e 's/\r/%0D/g' \
    | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n/%0A/g'
}

# bronze_emit KIND key=value... : a protocol line; each value is encoded, keys are kept.
bronze_emit() {
  local kind line kv
  kind=$1; shift
  line="BRONZE-$kind"
  for kv in "$@"; do
    case $kv in
      *=*) line="$line ${kv%%=*}=$(bronze_enc "${kv#*=}")" ;;
      *) line="$line $(bronze_enc "$kv")" ;;
    esac
  done
  printf '\n%s\n' "$line"
}

bronze_result() { bronze_emit RESULT "$@"; }

bronze_log() { printf '\nBRONZE-LOG %s\n' "$(printf '%s' "$*" | tr '\r\n' '  ')"; }

_bronze_check_line() { # name pass|fail detail
  local name
  name=$(printf '%s' "$1" | tr -c 'A-Za-z0-9._:/+-' '_')
  echo "$name $2" >> /run/bronze/checks
  printf '\nBRONZE-CHECK %s %s %s\n' "$name" "$2" "$(printf '%s' "$3" | tr '\r\n' '  ' | cut -c1-400)"
}
bronze_pass() { _bronze_check_line "$1" pass "$2"; }
bronze_fail() { _bronze_check_line "$1" fail "$2"; }

# bronze_check NAME COMMAND... : runs COMMAND; pass when it exits 0. The detail is the last line
# of its output (both streams), so a failure says why.
bronze_check() {
  local n out st last
  n=$1; shift
  out=$("$@" 2>&1); st=$?
  last=$(printf '%s\n' "$out" | tail -n 1)
  if [ $st -eq 0 ]; then bronze_pass "$n" "$last"; else bronze_fail "$n" "exit $st: $last"; fi
  return $st
}

# bronze_expect NAME EXPECTED ACTUAL : pass when the two strings are equal.
bronze_expect() {
  if [ "$2" = "$3" ]; then bronze_pass "$1" "$3"; else bronze_fail "$1" "expected '$2', got '$3'"; fi
}

# bronze_wait_for PATH [SECONDS] : device probing is asynchronous (SCSI, AHCI); wait for a node.
bronze_wait_for() {
  local i max
  i=0; max=$(( ${2:-10} * 10 ))
  while [ ! -e "$1" ]; do
    [ $i -ge $max ] && return 1
    sleep 0.1; i=$((i + 1))
  done
}

# bronze_has_partition NAME... : the kernel lists every NAME (e.g. vdb1) in /proc/partitions.
bronze_has_partition() {
  local p
  for p in "$@"; do
    awk -v n="$p" '$4 == n { f = 1 } END { exit !f }' /proc/partitions || { echo "no $p in /proc/partitions"; return 1; }
  done
  echo "$*"
}

# bronze_net_up [IFACE] : DHCP on a user-mode NIC (QEMU's built-in server), then address and route.
bronze_net_up() {
  local i=${1:-eth0} n=0
  while [ ! -e "/sys/class/net/$i" ]; do
    [ $n -ge 100 ] && { echo "no network interface $i"; return 1; }
    sleep 0.1; n=$((n + 1))
  done
  ip link set lo up
  ip link set "$i" up
  cat > /run/bronze/udhcpc.sh <<'SCRIPT'
#!/bin/sh
case $1 in
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -z "$router" ] || ip route replace default via "${router%% *}" dev "$interface"
    [ -z "$dns" ] || for d in $dns; do echo "nameserver $d"; done > /etc/resolv.conf ;;
esac
SCRIPT
  chmod +x /run/bronze/udhcpc.sh
  udhcpc -i "$i" -s /run/bronze/udhcpc.sh -q -n -t 10 -T 1 >/dev/null 2>&1 || { echo "no DHCP lease on $i"; return 1; }
  ip -4 addr show dev "$i" | awk '/inet /{print $2}'
}

# bronze_http_get URL : the body of an HTTP/1.0 GET (http:// only), on stdout; fails unless 200.
# Debian's static busybox wget crashes in glibc's NSS lookups inside an initramfs, so plain nc.
bronze_http_get() {
  local rest hostport host port path resp status
  rest=${1#http://}
  hostport=${rest%%/*}; path=/${rest#*/}; [ "$rest" = "$hostport" ] && path=/
  host=${hostport%:*}; port=${hostport##*:}; [ "$host" = "$hostport" ] && port=80
  resp=/run/bronze/http.$$
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" \
    | nc -w 10 "$host" "$port" > "$resp" 2>/dev/null
  status=$(head -n 1 "$resp" | tr -d '\r' | cut -d' ' -f2)
  sed '1,/^\r*$/d' "$resp"
  rm -f "$resp"
  [ "$status" = 200 ]
}
