#!/usr/bin/env bash
# Captures a real kernel's block-device sysfs into test-vectors/disks/qemu-real: boots Debian's
# kernel in QEMU (src/e2e toolkit) with disks on every bus QEMU offers, runs guest-dump.sh, and
# rebuilds the dump with rebuild-tree.py. The expected values in QemuRealTreeTest follow the
# serials and sizes given here. Needs the e2e toolkit (src/e2e), sgdisk, mkfs.ext4.
#   test-vectors/disks/capture/capture-qemu.sh [E2E_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
e2e=${1:-$here/../../../src/e2e}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

truncate -s 1G "$work/virtio.img"
sgdisk -n 1:2048:+100M -t 1:EF00 -c 1:EFI -n 2:0:0 -t 2:8300 -c 2:DATA "$work/virtio.img" >/dev/null
start=$(sgdisk -i 2 "$work/virtio.img" | sed -n 's/^First sector: \([0-9]*\).*/\1/p')
end=$(sgdisk -i 2 "$work/virtio.img" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
mkfs.ext4 -q -F -L data -E offset=$((start * 512)) "$work/virtio.img" $(( (end - start + 1) / 2 ))k
truncate -s 2G "$work/nvme.img"
truncate -s 3G "$work/sata.img"
truncate -s 4G "$work/scsi.img"
truncate -s 256M "$work/usb.img"
truncate -s 1M "$work/cd.iso"

kdir=$("$e2e/fetch-kernel" --quiet)
initrd=$("$e2e/build-initramfs" --quiet --kernel-dir "$kdir" --module xhci_pci --module usb_storage --module uas?)
"$e2e/guest-run" --kernel "$kdir/vmlinuz" --initrd "$initrd" --memory 768 --timeout 600 \
  --disk "$work/virtio.img,bus=virtio,serial=vd-serial-1" \
  --disk "$work/nvme.img,bus=nvme,serial=NVME0001,sector=4096" \
  --disk "$work/sata.img,bus=ahci,serial=SATA0001" \
  --disk "$work/scsi.img,bus=scsi,serial=SCSI0001" \
  --cdrom "$work/cd.iso" \
  --qemu-arg -device --qemu-arg qemu-xhci,id=xhci \
  --qemu-arg -drive --qemu-arg "if=none,id=usbstick,format=raw,file=$work/usb.img" \
  --qemu-arg -device --qemu-arg "usb-storage,bus=xhci.0,drive=usbstick,serial=USB0001,removable=on" \
  --check "$here/guest-dump.sh" --serial "$work/serial.log" >/dev/null || true
python3 "$here/rebuild-tree.py" "$work/serial.log" "$here/../qemu-real"
echo "captured into $(cd "$here/../qemu-real" && pwd)"
