# Runs inside a Bronze e2e guest (busybox sh, src/e2e toolkit): prints what disk discovery reads
# from this real kernel as "SYSFS L path target" (symlinks) and "SYSFS F path hex" (files), for
# rebuild-tree.py to turn into a fixture tree. Only block devices, their device directories and
# ancestors, SCSI/SAS hosts and /proc files are dumped.
mkdir -p /mnt/data && mount -t ext4 /dev/vda2 /mnt/data && echo mounted >&2

# USB mass storage is probed asynchronously: wait until the list of block devices stops changing.
prev="" n=0
while [ $n -lt 30 ]; do
  cur=$(ls /sys/class/block | tr '\n' ' ')
  [ "$cur" = "$prev" ] && [ -n "$cur" ] && [ $n -ge 3 ] && break
  prev=$cur n=$((n + 1)); sleep 1
done

link() { t=$(readlink "$1") && echo "SYSFS L $1 $t"; }
file() { [ -f "$1" ] && [ -r "$1" ] || return 0; h=$(od -An -v -tx1 "$1" 2>/dev/null | tr -d ' \n'); echo "SYSFS F $1 $h"; }
dir_attrs() { # a device directory: its attributes we read and its links
  d=$1
  for a in dev size ro removable capability hidden partition start uevent ext_range serial wwid eui nguid nsid \
           model vendor type rev name modalias vpd_pg80 vpd_pg89 state transport firmware_rev cntlid proc_name idVendor idProduct manufacturer product; do
    file "$d/$a"
  done
  for a in queue/logical_block_size queue/physical_block_size queue/rotational dm/name dm/uuid md/level; do
    file "$d/$a"
  done
  for l in device subsystem driver; do [ -L "$d/$l" ] && link "$d/$l"; done
  for s in holders slaves multipath scsi_device scsi_disk; do
    [ -d "$d/$s" ] || continue
    for e in "$d/$s"/*; do [ -e "$e" ] || [ -L "$e" ] || continue; if [ -L "$e" ]; then link "$e"; else echo "SYSFS D $e"; fi; done
  done
}
for e in /sys/class/block/* /sys/block/*; do link "$e"; done
for e in /sys/dev/block/*; do link "$e"; done
for e in /sys/class/block/*; do
  real=$(readlink -f "$e")
  dir_attrs "$real"
  dev=$(readlink -f "$real/device" 2>/dev/null) || continue
  while [ -n "$dev" ] && [ "$dev" != /sys/devices ] && [ "$dev" != / ]; do
    dir_attrs "$dev"
    dev=${dev%/*}
  done
done
for c in scsi_host sas_host fc_host iscsi_host; do
  for h in /sys/class/$c/*; do [ -L "$h" ] || continue; link "$h"; file "$(readlink -f "$h")/proc_name"; done
done
for f in /proc/self/mountinfo /proc/swaps /proc/cmdline; do file "$f"; done
echo "SYSFS END"
