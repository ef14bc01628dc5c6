#!/usr/bin/env python3
"""Builds the disk-discovery fixture trees under test-vectors/disks/.

Each tree is a stand-in for / on a real machine: the sysfs layout as the kernel lays it out
(devices under sys/devices/<bus path>, sys/class/block and sys/block as relative symlinks into
it, sys/dev/block/MAJ:MIN, holders/slaves links), proc/self/mountinfo, proc/swaps, dev/disk/by-*
links, udev's database where the machine runs udev, and the systemd-boot EFI variable that names
the partition the firmware booted from. Values (models, serials, WWIDs, modaliases, sizes) are
those real devices of these kinds report.

Run it after changing a machine; the output is committed (git keeps the symlinks):
    python3 test-vectors/disks/build-fixtures.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
LOADER_GUID = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"


class Tree:
    def __init__(self, name):
        self.root = os.path.join(HERE, name)
        if os.path.exists(self.root):
            shutil.rmtree(self.root)
        os.makedirs(self.root)
        self.mounts = []
        self.swaps = []
        self.mount_id = 20

    def write(self, rel, text):
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())

    def link(self, rel, target_rel):
        """A symlink at rel pointing at target_rel (both below the root), written relative."""
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        t = os.path.relpath(os.path.join(self.root, target_rel), os.path.dirname(p))
        if os.path.lexists(p):
            os.remove(p)
        os.symlink(t, p)

    def device(self, devpath, attrs=None, subsystem=None, driver=None):
        """A device directory under sys/devices with its attribute files."""
        d = "sys/devices/" + devpath
        for k, v in (attrs or {}).items():
            self.write(d + "/" + k, v if isinstance(v, bytes) else v + "\n")
        if subsystem:
            self.link(d + "/subsystem", "sys/" + subsystem)
            os.makedirs(os.path.join(self.root, "sys", subsystem), exist_ok=True)
        if driver:
            self.link(d + "/driver", "sys/" + driver)
            os.makedirs(os.path.join(self.root, "sys", driver), exist_ok=True)
        return d

    def disk(self, name, parent, majmin, sectors, lbs=512, pbs=512, rot=0, ro=0, removable=0,
             capability="50", extra=None, block_dir=True, devtype="disk", diskseq=None):
        """A whole disk: parent is the device directory (below sys/devices) it hangs from."""
        base = "sys/devices/" + parent + ("/block/" if block_dir else "/") + name
        self._blockdev(base, name, majmin, sectors, ro, devtype)
        self.write(base + "/removable", "%d\n" % removable)
        self.write(base + "/capability", capability + "\n")
        self.write(base + "/ext_range", "256\n")
        self.write(base + "/queue/logical_block_size", "%d\n" % lbs)
        self.write(base + "/queue/physical_block_size", "%d\n" % pbs)
        self.write(base + "/queue/hw_sector_size", "%d\n" % lbs)
        self.write(base + "/queue/rotational", "%d\n" % rot)
        if not parent.startswith("virtual/") or parent.startswith("virtual/nvme-subsystem/"):
            self.link(base + "/device", "sys/devices/" + parent)
        for k, v in (extra or {}).items():
            self.write(base + "/" + k, v + "\n")
        self.link("sys/block/" + name, base)
        uevent = "MAJOR=%s\nMINOR=%s\nDEVNAME=%s\nDEVTYPE=%s\n" % (*majmin.split(":"), name, devtype)
        if diskseq:
            uevent += "DISKSEQ=%d\n" % diskseq
        self.write(base + "/uevent", uevent)
        return base

    def part(self, disk_base, disk_name, number, majmin, start, sectors, partname=None, partuuid=None):
        sep = "p" if disk_name[-1].isdigit() else ""
        name = "%s%s%d" % (disk_name, sep, number)
        base = disk_base + "/" + name
        self._blockdev(base, name, majmin, sectors, 0, "partition")
        self.write(base + "/partition", "%d\n" % number)
        self.write(base + "/start", "%d\n" % start)
        uevent = "MAJOR=%s\nMINOR=%s\nDEVNAME=%s\nDEVTYPE=partition\nPARTN=%d\n" % (
            *majmin.split(":"), name, number)
        if partname:
            uevent += "PARTNAME=%s\n" % partname
        if partuuid:
            uevent += "PARTUUID=%s\n" % partuuid
        self.write(base + "/uevent", uevent)
        return base

    def _blockdev(self, base, name, majmin, sectors, ro, devtype):
        self.write(base + "/dev", majmin + "\n")
        self.write(base + "/size", "%d\n" % sectors)
        self.write(base + "/ro", "%d\n" % ro)
        self.link(base + "/subsystem", "sys/class/block")
        self.link("sys/class/block/" + name, base)
        self.link("sys/dev/block/" + majmin, base)
        self.write("dev/.devices", "")  # keeps dev/ present even where nothing else is in it
        self.write("dev/" + name + ".node", "")  # stands for the device node (git keeps no nodes)

    def hold(self, lower_base, lower_name, upper_base, upper_name):
        """upper (dm/md) is built on lower: lower/holders/upper and upper/slaves/lower."""
        self.link(lower_base + "/holders/" + upper_name, upper_base)
        self.link(upper_base + "/slaves/" + lower_name, lower_base)

    def virtual(self, name, majmin, sectors, extra=None, ro=0):
        base = self.disk(name, "virtual", majmin, sectors, rot=0, ro=ro, capability="0")
        for k, v in (extra or {}).items():
            self.write(base + "/" + k, v + "\n")
        return base

    def by(self, kind, linkname, devname):
        self.link("dev/disk/%s/%s" % (kind, linkname), "dev/" + devname + ".node")
        # Real links point at ../../NAME; write exactly that.
        p = os.path.join(self.root, "dev/disk", kind, linkname)
        os.remove(p)
        os.symlink("../../" + devname, p)

    def mapper(self, dmname, devname):
        p = os.path.join(self.root, "dev/mapper", dmname)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink("../" + devname, p)

    def udev(self, majmin, props):
        self.write("run/udev/data/b" + majmin, "".join("E:%s=%s\n" % kv for kv in props.items()))

    def mount(self, majmin, mountpoint, fstype, source, opts="rw,relatime", root="/"):
        self.mount_id += 1
        parent = 1 if mountpoint == "/" else 21
        self.mounts.append("%d %d %s %s %s %s shared:%d - %s %s %s" % (
            self.mount_id, parent, majmin, root, mountpoint, opts, self.mount_id, fstype, source, "rw"))

    def swap(self, dev, kind="partition", size_kib=8388604):
        self.swaps.append("%s\t%s\t\t%d\t\t0\t\t-2" % (dev, kind, size_kib))

    def loader_device(self, partuuid):
        data = b"\x06\x00\x00\x00" + (partuuid.upper() + "\0").encode("utf-16-le")
        self.write("sys/firmware/efi/efivars/LoaderDevicePartUUID-" + LOADER_GUID, data)

    def finish(self, cmdline):
        base = [
            "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
            "23 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw",
            "24 1 0:5 / /dev rw,nosuid,relatime shared:8 - devtmpfs udev rw,size=8123456k,nr_inodes=2030864,mode=755",
            "25 1 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1631232k,mode=755",
        ]
        self.write("proc/self/mountinfo", "\n".join(self.mounts[:1] + base + self.mounts[1:]) + "\n")
        self.write("proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                   + "".join(s + "\n" for s in self.swaps))
        self.write("proc/cmdline", cmdline + "\n")
        os.remove(os.path.join(self.root, "dev/.devices"))
        for f in os.listdir(os.path.join(self.root, "dev")):
            if f.endswith(".node"):
                os.remove(os.path.join(self.root, "dev", f))


GIB = 1024 ** 3 // 512  # 512-byte sectors per GiB


def scsi_host(t, hostpath, host, proc_name):
    t.device(hostpath + "/scsi_host/" + host, {"proc_name": proc_name})
    t.link("sys/class/scsi_host/" + host, "sys/devices/" + hostpath + "/scsi_host/" + host)


def scsi_lun(t, lun_path, klass):
    """The class directories a SCSI LUN carries; lsblk finds H:C:T:L through scsi_device/."""
    hctl = lun_path.rsplit("/", 1)[1]
    t.write("sys/devices/%s/scsi_device/%s/uevent" % (lun_path, hctl), "MAJOR=21\n")
    t.write("sys/devices/%s/%s/%s/uevent" % (lun_path, klass, hctl), "")


def vpd_pg89(ata_model, ata_serial):
    """VPD page 0x89 as libata builds it: a 60-byte SAT header, then the 512 bytes of IDENTIFY
    DEVICE, whose strings are stored two characters per little-endian word, the first one high."""
    ident = bytearray(512)

    def put(word, text, words):
        raw = text.ljust(words * 2).encode()
        for i in range(words):
            ident[(word + i) * 2] = raw[2 * i + 1]
            ident[(word + i) * 2 + 1] = raw[2 * i]
    put(10, ata_serial, 10)
    put(27, ata_model, 20)
    page = bytearray(60)
    page[1] = 0x89
    page[2], page[3] = 0x02, 0x38
    page[8:16] = b"linux   "
    page[16:32] = b"libata          "
    page[56] = 0xEC
    return bytes(page + ident)


def scsi_disk(t, lun_path, vendor, model, rev, scsi_type="0", serial=None, wwid=None, ata_model=None):
    attrs = {"vendor": vendor, "model": model, "rev": rev, "type": scsi_type,
             "modalias": "scsi:t-0x%02x" % int(scsi_type), "state": "running"}
    if wwid:
        attrs["wwid"] = wwid
    if serial:
        # VPD page 0x80 (Unit Serial Number): 4-byte header, then the serial in ASCII.
        s = serial.encode()
        attrs["vpd_pg80"] = bytes([0, 0x80, 0, len(s)]) + s
    if ata_model:
        attrs["vpd_pg89"] = vpd_pg89(ata_model, serial or "")
    scsi_lun(t, lun_path, "scsi_disk")
    return t.device(lun_path, attrs, subsystem="bus/scsi", driver="bus/scsi/drivers/sd")


def workstation():
    """A desktop booted from a USB installer stick: NVMe + SATA SSD + SATA HDD + USB stick + DVD."""
    t = Tree("workstation")
    # NVMe: Samsung 970 EVO Plus, empty (a fresh disk to install onto).
    ctrl = "pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0"
    t.device("pci0000:00/0000:00:1d.0/0000:3d:00.0",
             {"vendor": "0x144d", "device": "0xa808", "class": "0x010802",
              "modalias": "pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02"},
             subsystem="bus/pci", driver="bus/pci/drivers/nvme")
    t.device(ctrl, {"model": "Samsung SSD 970 EVO Plus 1TB           ",
                    "serial": "S4EWNX0R123456K     ", "firmware_rev": "2B2QEXM7",
                    "transport": "pcie", "state": "live", "cntlid": "4"},
             subsystem="class/nvme")
    nv = t.disk("nvme0n1", ctrl, "259:0", 1953525168, extra={
        "wwid": "eui.0025385b71b07e2f", "eui": "00 25 38 5b 71 b0 7e 2f",
        "nguid": "00000000-0000-0000-0025-385b71b07e2f", "nsid": "1"}, block_dir=False)
    t.by("by-id", "nvme-Samsung_SSD_970_EVO_Plus_1TB_S4EWNX0R123456K", "nvme0n1")
    t.by("by-id", "nvme-eui.0025385b71b07e2f", "nvme0n1")
    t.by("by-path", "pci-0000:3d:00.0-nvme-1", "nvme0n1")
    t.udev("259:0", {"ID_MODEL": "Samsung SSD 970 EVO Plus 1TB", "ID_SERIAL_SHORT": "S4EWNX0R123456K"})

    ahci = "pci0000:00/0000:00:17.0"
    t.device(ahci, {"vendor": "0x8086", "device": "0xa352", "class": "0x010601",
                    "modalias": "pci:v00008086d0000A352sv00001028sd0000085Bbc01sc06i01"},
             subsystem="bus/pci", driver="bus/pci/drivers/ahci")
    # SATA SSD with an old Windows install on it: not mounted, so it may be chosen explicitly.
    scsi_host(t, ahci + "/ata1/host0", "host0", "ahci")
    lun = scsi_disk(t, ahci + "/ata1/host0/target0:0:0/0:0:0:0", "ATA     ", "Samsung SSD 860 ", "4B6Q",
                    serial="S3Z1NB0K123456A", wwid="naa.5002538e4029c5f1", ata_model="Samsung SSD 860 EVO 500GB")
    sda = t.disk("sda", ahci + "/ata1/host0/target0:0:0/0:0:0:0", "8:0", 976773168)
    t.part(sda, "sda", 1, "8:1", 2048, 1124352, "Basic data partition", "2a3b5e6f-0c1d-4e2f-9a8b-7c6d5e4f3a21")
    t.part(sda, "sda", 2, "8:2", 1126400, 975644672, "Basic data partition", "5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
    t.by("by-id", "ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A", "sda")
    t.by("by-id", "wwn-0x5002538e4029c5f1", "sda")
    t.by("by-id", "ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A-part1", "sda1")
    t.by("by-path", "pci-0000:00:17.0-ata-1", "sda")
    t.udev("8:0", {"ID_MODEL": "Samsung_SSD_860_EVO_500GB", "ID_SERIAL_SHORT": "S3Z1NB0K123456A",
                   "ID_WWN": "0x5002538e4029c5f1", "ID_PART_TABLE_TYPE": "gpt"})
    t.udev("8:1", {"ID_FS_TYPE": "ntfs", "ID_FS_LABEL": "Recovery", "ID_PART_ENTRY_NUMBER": "1",
                   "ID_PART_ENTRY_NAME": "Basic\\x20data\\x20partition",
                   "ID_PART_ENTRY_UUID": "2a3b5e6f-0c1d-4e2f-9a8b-7c6d5e4f3a21",
                   "ID_PART_ENTRY_TYPE": "de94bba4-06d1-4d40-a16a-bfd50179d6ac"})
    t.udev("8:2", {"ID_FS_TYPE": "ntfs", "ID_FS_LABEL": "Windows", "ID_PART_ENTRY_NUMBER": "2",
                   "ID_PART_ENTRY_UUID": "5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                   "ID_PART_ENTRY_TYPE": "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"})

    # SATA HDD, 4 TB, 512e (4096-byte physical sectors), rotational.
    scsi_host(t, ahci + "/ata2/host1", "host1", "ahci")
    scsi_disk(t, ahci + "/ata2/host1/target1:0:0/1:0:0:0", "ATA     ", "WDC WD40EFRX-68N", "0A82",
              serial="WD-WCC7K1234567", wwid="naa.50014ee2b8c1d2e3", ata_model="WDC WD40EFRX-68N32N0")
    t.disk("sdb", ahci + "/ata2/host1/target1:0:0/1:0:0:0", "8:16", 7814037168, pbs=4096, rot=1)
    t.by("by-id", "ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1234567", "sdb")
    t.by("by-id", "wwn-0x50014ee2b8c1d2e3", "sdb")

    # SATA DVD writer, no disc in it.
    scsi_host(t, ahci + "/ata3/host2", "host2", "ahci")
    t.device(ahci + "/ata3/host2/target2:0:0/2:0:0:0",
             {"vendor": "HL-DT-ST", "model": "DVDRAM GH24NSD1 ", "rev": "LG00", "type": "5",
              "modalias": "scsi:t-0x05"}, subsystem="bus/scsi", driver="bus/scsi/drivers/sr")
    scsi_lun(t, ahci + "/ata3/host2/target2:0:0/2:0:0:0", "scsi_generic")
    t.disk("sr0", ahci + "/ata3/host2/target2:0:0/2:0:0:0", "11:0", 0, lbs=2048, pbs=2048, rot=1,
           removable=1, capability="119")
    t.by("by-id", "ata-HL-DT-ST_DVDRAM_GH24NSD1_K1ZF8P91234", "sr0")

    # USB stick the installer booted from (xhci, port 4): the firmware's boot entry came from sdc1.
    usb = "pci0000:00/0000:00:14.0/usb2/2-4/2-4:1.0/host6/target6:0:0/6:0:0:0"
    t.device("pci0000:00/0000:00:14.0/usb2/2-4", {"idVendor": "0781", "idProduct": "5567",
                                                  "manufacturer": "SanDisk", "product": "Cruzer Blade",
                                                  "serial": "4C530001234567891234"},
             subsystem="bus/usb", driver="bus/usb/drivers/usb")
    scsi_host(t, "pci0000:00/0000:00:14.0/usb2/2-4/2-4:1.0/host6", "host6", "usb-storage")
    scsi_disk(t, usb, "SanDisk ", "Cruzer Blade    ", "1.00", serial="4C530001234567891234")
    sdc = t.disk("sdc", usb, "8:32", 60063744, rot=1, removable=1, capability="51")
    t.part(sdc, "sdc", 1, "8:33", 2048, 204800, "EFI", "8e2f7a1c-3b4d-4c5e-9f60-71829a3b4c5d")
    t.part(sdc, "sdc", 2, "8:34", 206848, 2048, "META", "9f3a8b2d-4c5e-4d6f-a071-8293ab4c5d6e")
    t.by("by-id", "usb-SanDisk_Cruzer_Blade_4C530001234567891234-0:0", "sdc")
    t.by("by-id", "usb-SanDisk_Cruzer_Blade_4C530001234567891234-0:0-part1", "sdc1")
    t.by("by-partlabel", "EFI", "sdc1")
    t.by("by-partlabel", "META", "sdc2")
    t.by("by-partuuid", "8e2f7a1c-3b4d-4c5e-9f60-71829a3b4c5d", "sdc1")
    t.udev("8:32", {"ID_BUS": "usb", "ID_MODEL": "Cruzer_Blade", "ID_SERIAL_SHORT": "4C530001234567891234"})
    t.udev("8:33", {"ID_FS_TYPE": "vfat", "ID_FS_LABEL": "EFI", "ID_PART_ENTRY_NAME": "EFI",
                    "ID_PART_ENTRY_NUMBER": "1", "ID_PART_ENTRY_UUID": "8e2f7a1c-3b4d-4c5e-9f60-71829a3b4c5d",
                    "ID_PART_ENTRY_TYPE": "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"})
    t.loader_device("8e2f7a1c-3b4d-4c5e-9f60-71829a3b4c5d")

    t.virtual("loop0", "7:0", 0)
    t.virtual("zram0", "252:0", 16 * GIB, extra={"comp_algorithm": "lzo [lz4] zstd"})
    # The installer runs from RAM: / is a tmpfs, nothing of the stick is mounted.
    t.mount("0:24", "/", "tmpfs", "rootfs", opts="rw,relatime")
    t.swap("/dev/zram0", size_kib=16777212)
    t.finish("initrd=\\vmlinuz bronze.platform=metal console=tty0")


def qemu_virtio():
    """A QEMU/KVM cloud VM: virtio-blk root disk, a virtio-blk data disk, virtio-scsi and an IDE CD."""
    t = Tree("qemu-virtio")
    v1 = "pci0000:00/0000:00:04.0/virtio1"
    t.device("pci0000:00/0000:00:04.0", {"vendor": "0x1af4", "device": "0x1001", "class": "0x010000",
                                         "modalias": "pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00"},
             subsystem="bus/pci", driver="bus/pci/drivers/virtio-pci")
    t.device(v1, {"vendor": "0x1af4", "device": "0x0002", "modalias": "virtio:d00000002v00001AF4",
                  "features": "0010101001110000000000000000110010000000000000000000000000000000"},
             subsystem="bus/virtio", driver="bus/virtio/drivers/virtio_blk")
    vda = t.disk("vda", v1, "254:0", 20 * GIB, rot=1, capability="50", extra={"serial": "root-0001"})
    t.part(vda, "vda", 1, "254:1", 262144, 20 * GIB - 262144 - 34, None)
    t.part(vda, "vda", 14, "254:14", 2048, 8192, None)
    t.part(vda, "vda", 15, "254:15", 10240, 227328, None)
    t.by("by-id", "virtio-root-0001", "vda")
    t.by("by-path", "pci-0000:00:04.0", "vda")
    t.by("by-label", "cloudimg-rootfs", "vda1")
    t.by("by-label", "UEFI", "vda15")

    v2 = "pci0000:00/0000:00:05.0/virtio2"
    t.device("pci0000:00/0000:00:05.0", {"vendor": "0x1af4", "device": "0x1001", "class": "0x010000",
                                         "modalias": "pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00"},
             subsystem="bus/pci", driver="bus/pci/drivers/virtio-pci")
    t.device(v2, {"vendor": "0x1af4", "device": "0x0002", "modalias": "virtio:d00000002v00001AF4"},
             subsystem="bus/virtio", driver="bus/virtio/drivers/virtio_blk")
    t.disk("vdb", v2, "254:16", 100 * GIB, rot=1, extra={"serial": "data-0002"})
    t.by("by-id", "virtio-data-0002", "vdb")

    # virtio-scsi HBA with one QEMU disk.
    v3 = "pci0000:00/0000:00:06.0/virtio3"
    t.device(v3, {"vendor": "0x1af4", "device": "0x0008", "modalias": "virtio:d00000008v00001AF4"},
             subsystem="bus/virtio", driver="bus/virtio/drivers/virtio_scsi")
    scsi_host(t, v3 + "/host2", "host2", "virtio_scsi")
    scsi_disk(t, v3 + "/host2/target2:0:0/2:0:0:0", "QEMU    ", "QEMU HARDDISK   ", "2.5+",
              wwid="t10.QEMU    QEMU HARDDISK   drive-scsi0-0-0-0")
    t.disk("sda", v3 + "/host2/target2:0:0/2:0:0:0", "8:0", 50 * GIB, rot=1)
    t.by("by-id", "scsi-0QEMU_QEMU_HARDDISK_drive-scsi0-0-0-0", "sda")

    # IDE CD-ROM (PIIX) holding the cloud-init NoCloud seed.
    ide = "pci0000:00/0000:00:01.1"
    scsi_host(t, ide + "/ata2/host1", "host1", "ata_piix")
    t.device(ide + "/ata2/host1/target1:0:0/1:0:0:0",
             {"vendor": "QEMU    ", "model": "QEMU DVD-ROM    ", "rev": "2.5+", "type": "5",
              "modalias": "scsi:t-0x05"}, subsystem="bus/scsi", driver="bus/scsi/drivers/sr")
    scsi_lun(t, ide + "/ata2/host1/target1:0:0/1:0:0:0", "scsi_generic")
    t.disk("sr0", ide + "/ata2/host1/target1:0:0/1:0:0:0", "11:0", 744, lbs=2048, pbs=2048, rot=1,
           removable=1, capability="119", ro=0)
    t.by("by-id", "ata-QEMU_DVD-ROM_QM00003", "sr0")
    t.by("by-label", "cidata", "sr0")

    # A btrfs RAID1 over two more virtio disks: mountinfo names only vdc (and an anonymous device
    # number); vdd is known to be in use only through /sys/fs/btrfs/FSID/devices.
    for i, (name, mm, serial) in enumerate([("vdc", "254:32", "btrfs-a"), ("vdd", "254:48", "btrfs-b")]):
        pci = "pci0000:00/0000:00:%02x.0" % (7 + i)
        t.device(pci, {"vendor": "0x1af4", "device": "0x1001", "class": "0x010000",
                       "modalias": "pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00"},
                 subsystem="bus/pci", driver="bus/pci/drivers/virtio-pci")
        vd = pci + "/virtio%d" % (4 + i)
        t.device(vd, {"vendor": "0x1af4", "device": "0x0002", "modalias": "virtio:d00000002v00001AF4"},
                 subsystem="bus/virtio", driver="bus/virtio/drivers/virtio_blk")
        base = t.disk(name, vd, mm, 10 * GIB, rot=1, extra={"serial": serial})
        t.link("sys/fs/btrfs/5d2c4a1e-7b3f-4e8a-9c6d-0f1e2a3b4c5d/devices/" + name, base)
    t.write("sys/fs/btrfs/5d2c4a1e-7b3f-4e8a-9c6d-0f1e2a3b4c5d/label", "pool\n")
    t.write("sys/fs/btrfs/features/raid1c34", "0\n")
    t.mount("0:37", "/data", "btrfs", "/dev/vdc", opts="rw,relatime,space_cache=v2,subvolid=5,subvol=/")

    t.virtual("loop0", "7:0", 0)
    t.virtual("loop1", "7:1", 131072, extra={"loop/backing_file": "/var/lib/snapd/snaps/core20_2015.snap"}, ro=1)
    t.mount("254:1", "/", "ext4", "/dev/vda1", opts="rw,relatime,discard")
    t.mount("254:15", "/boot/efi", "vfat", "/dev/vda15")
    t.mount("7:1", "/snap/core20/2015", "squashfs", "/dev/loop1", opts="ro,nodev,relatime")
    t.finish("BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-cloud-amd64 root=PARTUUID=4f1e2d3c-0b1a-4c9d-8e7f-6a5b4c3d2e1f ro console=ttyS0")


def rpi_cm4():
    """A Raspberry Pi CM4 (eMMC) on a carrier with an SD slot, booted from the SD card."""
    t = Tree("rpi-cm4")
    t.write("proc/device-tree/model", b"Raspberry Pi Compute Module 4 Rev 1.1\0")
    emmc_host = "platform/emmc2bus/fe340000.mmc/mmc_host/mmc0"
    card0 = emmc_host + "/mmc0:0001"
    t.device(card0, {"type": "MMC", "name": "DG4016", "serial": "0x1c3f5a21", "manfid": "0x000045",
                     "oemid": "0x0100", "cid": "450100444734303136011c3f5a21a64b", "date": "06/2021",
                     "rev": "0x8", "modalias": "mmc:block"}, subsystem="bus/mmc", driver="bus/mmc/drivers/mmcblk")
    mmc0 = t.disk("mmcblk0", card0, "179:0", 30777344, capability="50")
    # The eMMC's hardware boot partitions and RPMB area: read-only by default, never install targets.
    # They hang below mmcblk0 in sysfs (their parent device is the main area's disk), like
    # partitions but without a "partition" attribute.
    main = card0 + "/block/mmcblk0"
    t.disk("mmcblk0boot0", main, "179:32", 8192, ro=1, block_dir=False,
           extra={"force_ro": "1", "ro_lock_until_next_power_on": "0"})
    t.disk("mmcblk0boot1", main, "179:64", 8192, ro=1, block_dir=False,
           extra={"force_ro": "1", "ro_lock_until_next_power_on": "0"})
    # A block device before Linux 4.15 made RPMB a character device; older Pi kernels still show it.
    t.disk("mmcblk0rpmb", main, "179:96", 8192, ro=0, block_dir=False)
    t.by("by-id", "mmc-DG4016_0x1c3f5a21", "mmcblk0")
    t.by("by-path", "platform-fe340000.mmc", "mmcblk0")
    del mmc0

    sd_host = "platform/soc/fe300000.mmcnr/mmc_host/mmc1"
    card1 = sd_host + "/mmc1:aaaa"
    t.device(card1, {"type": "SD", "name": "SC64G", "serial": "0x8c2a1b3d", "manfid": "0x000003",
                     "oemid": "0x5344", "cid": "035344534336344780b8c2a1b3d01477", "date": "07/2023",
                     "modalias": "mmc:block"}, subsystem="bus/mmc", driver="bus/mmc/drivers/mmcblk")
    sd = t.disk("mmcblk1", card1, "179:128", 124735488, capability="50")
    t.part(sd, "mmcblk1", 1, "179:129", 8192, 1048576)
    t.part(sd, "mmcblk1", 2, "179:130", 1056768, 123678720)
    t.by("by-id", "mmc-SC64G_0x8c2a1b3d", "mmcblk1")
    t.by("by-id", "mmc-SC64G_0x8c2a1b3d-part2", "mmcblk1p2")
    t.by("by-partuuid", "6c586e13-02", "mmcblk1p2")
    for i in range(2):
        t.virtual("ram%d" % i, "1:%d" % i, 8192)
    t.virtual("zram0", "254:0", 1953792)
    t.mount("179:130", "/", "ext4", "/dev/mmcblk1p2", opts="rw,noatime")
    t.mount("179:129", "/boot/firmware", "vfat", "/dev/mmcblk1p1",
            opts="rw,relatime")
    t.swap("/dev/zram0", size_kib=976892)
    t.finish("coherent_pool=1M 8250.nr_uarts=0 console=ttyS0,115200 console=tty1 root=PARTUUID=6c586e13-02 rootfstype=ext4 fsck.repair=yes rootwait")


def server_lvm_md():
    """A server: system disk with ESP + /boot + LUKS -> LVM (root, swap), two RAID1 members, a 4Kn SAS disk."""
    t = Tree("server-lvm-md")
    ahci = "pci0000:00/0000:00:11.5"
    t.device(ahci, {"vendor": "0x8086", "device": "0xa1d2", "class": "0x010601",
                    "modalias": "pci:v00008086d0000A1D2sv000015D9sd00001B64bc01sc06i01"},
             subsystem="bus/pci", driver="bus/pci/drivers/ahci")
    disks = []
    for i, (name, mm, model, serial, wwn) in enumerate([
            ("sda", 0, "Micron_5300_MTFD", "2013271A3B4C", "500a0751271a3b4c"),
            ("sdb", 16, "INTEL SSDSC2KB48", "PHYF912300AB480BGN", "55cd2e415123abcd"),
            ("sdc", 32, "INTEL SSDSC2KB48", "PHYF912300CD480BGN", "55cd2e415123cdef")]):
        host = "host%d" % i
        lunpath = "%s/ata%d/%s/target%d:0:0/%d:0:0:0" % (ahci, i + 1, host, i, i)
        scsi_host(t, "%s/ata%d/%s" % (ahci, i + 1, host), host, "ahci")
        scsi_disk(t, lunpath, "ATA     ", model, "D3MU001", serial=serial, wwid="naa." + wwn)
        base = t.disk(name, lunpath, "8:%d" % mm, 937703088)
        t.by("by-id", "wwn-0x" + wwn, name)
        disks.append(base)
    sda, sdb, sdc = disks

    p1 = t.part(sda, "sda", 1, "8:1", 2048, 1048576, "EFI", "d1b2c3a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
    t.part(sda, "sda", 2, "8:2", 1050624, 2097152, "boot", "e2c3d4b5-6f70-4b8c-9dae-1f2a3b4c5d6e")
    p3 = t.part(sda, "sda", 3, "8:3", 3147776, 934553600, "crypt", "f3d4e5c6-7081-4c9d-aebf-2a3b4c5d6e7f")
    del p1
    t.udev("8:1", {"ID_FS_TYPE": "vfat", "ID_FS_LABEL": "EFI", "ID_PART_ENTRY_NAME": "EFI",
                   "ID_PART_ENTRY_UUID": "d1b2c3a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                   "ID_PART_ENTRY_TYPE": "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"})
    t.udev("8:2", {"ID_FS_TYPE": "ext4", "ID_PART_ENTRY_NAME": "boot"})
    t.udev("8:3", {"ID_FS_TYPE": "crypto_LUKS", "ID_PART_ENTRY_NAME": "crypt"})

    crypt = t.virtual("dm-0", "253:0", 934553600 - 32768, extra={
        "dm/name": "sda3_crypt", "dm/uuid": "CRYPT-LUKS2-8f1e2d3c4b5a69788796a5b4c3d2e1f0-sda3_crypt",
        "dm/suspended": "0"})
    t.hold(p3, "sda3", crypt, "dm-0")
    root = t.virtual("dm-1", "253:1", 200 * GIB, extra={
        "dm/name": "vg0-root", "dm/uuid": "LVM-Wq1e2r3t4y5u6i7o8p9a0s1d2f3g4h5jK1l2z3x4c5v6b7n8m9q0w1e2r3t4y5u6"})
    swap = t.virtual("dm-2", "253:2", 16 * GIB, extra={
        "dm/name": "vg0-swap", "dm/uuid": "LVM-Wq1e2r3t4y5u6i7o8p9a0s1d2f3g4h5jX9c8v7b6n5m4q3w2e1r0t9y8u7i6o5"})
    t.hold(crypt, "dm-0", root, "dm-1")
    t.hold(crypt, "dm-0", swap, "dm-2")
    t.mapper("sda3_crypt", "dm-0")
    t.mapper("vg0-root", "dm-1")
    t.mapper("vg0-swap", "dm-2")

    # RAID1 of sdb1 + sdc1 mounted at /srv.
    m1 = t.part(sdb, "sdb", 1, "8:17", 2048, 937701040, "raid", "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9")
    m2 = t.part(sdc, "sdc", 1, "8:33", 2048, 937701040, "raid", "1b2c3d4e-5f60-4172-8384-a5b6c7d8e9fa")
    md = t.virtual("md0", "9:0", 937435136, extra={"md/level": "raid1", "md/raid_disks": "2",
                                                   "md/array_state": "clean", "md/metadata_version": "1.2"})
    t.hold(m1, "sdb1", md, "md0")
    t.hold(m2, "sdc1", md, "md0")
    t.udev("8:17", {"ID_FS_TYPE": "linux_raid_member"})
    t.udev("8:33", {"ID_FS_TYPE": "linux_raid_member"})

    # A 4Kn SAS disk on an LSI SAS3008 HBA (mpt3sas): empty, the intended install target for data.
    hba = "pci0000:00/0000:00:01.0/0000:01:00.0"
    t.device(hba, {"vendor": "0x1000", "device": "0x0097", "class": "0x010700",
                   "modalias": "pci:v00001000d00000097sv00001000sd000030E0bc01sc07i00"},
             subsystem="bus/pci", driver="bus/pci/drivers/mpt3sas")
    sas_lun = hba + "/host4/port-4:0/end_device-4:0/target4:0:0/4:0:0:0"
    scsi_host(t, hba + "/host4", "host4", "mpt3sas")
    t.device(hba + "/host4/sas_host/host4", {})
    t.link("sys/class/sas_host/host4", "sys/devices/" + hba + "/host4/sas_host/host4")
    scsi_disk(t, sas_lun, "SEAGATE ", "ST8000NM0075    ", "E004", serial="ZA1A2B3C0000C8201XYZ",
              wwid="naa.5000c500a1b2c3d4")
    t.disk("sdd", sas_lun, "8:48", 15628053168, lbs=4096, pbs=4096, rot=1)
    t.by("by-id", "wwn-0x5000c500a1b2c3d4", "sdd")
    t.by("by-id", "scsi-35000c500a1b2c3d4", "sdd")

    # A dual-port NVMe drive seen through two controllers (native NVMe multipath): the namespace head
    # nvme0n1 is a virtual device of the subsystem; its paths nvme0c0n1/nvme0c1n1 are hidden.
    subsys = "virtual/nvme-subsystem/nvme-subsys0"
    t.device(subsys, {"model": "SAMSUNG MZWLJ3T8HBLS-00007              ", "serial": "S4YPNE0N500123      ",
                      "firmware_rev": "EPK9AB5Q", "iopolicy": "numa",
                      "subsysnqn": "nqn.1994-11.com.samsung:nvme:PM1733:2.5-inch:S4YPNE0N500123"},
             subsystem="class/nvme-subsystem")
    paths = []
    for c, fn in ((0, "0000:5e:00.0"), (1, "0000:5f:00.0")):
        pci = "pci0000:5d/0000:5d:02.0/" + fn
        t.device(pci, {"vendor": "0x144d", "device": "0xa824", "class": "0x010802",
                       "modalias": "pci:v0000144Dd0000A824sv0000144Dsd0000A809bc01sc08i02"},
                 subsystem="bus/pci", driver="bus/pci/drivers/nvme")
        ctrl = pci + "/nvme/nvme%d" % c
        t.device(ctrl, {"model": "SAMSUNG MZWLJ3T8HBLS-00007", "serial": "S4YPNE0N500123", "transport": "pcie",
                        "state": "live", "cntlid": str(c + 0x41)}, subsystem="class/nvme")
        path = t.disk("nvme0c%dn1" % c, ctrl, "259:%d" % (10 + c), 7501476528, block_dir=False,
                      extra={"hidden": "1", "nsid": "1", "ana_state": "optimized"})
        paths.append(path)
    head = t.disk("nvme0n1", subsys, "259:12", 7501476528, block_dir=False, extra={
        "wwid": "eui.36344730525001230025384500000001", "nguid": "36344730-5250-0123-0025-384500000001", "nsid": "1"})
    for i, p in enumerate(paths):
        t.link(head + "/multipath/nvme0c%dn1" % i, p)
    t.by("by-id", "nvme-SAMSUNG_MZWLJ3T8HBLS-00007_S4YPNE0N500123", "nvme0n1")
    t.by("by-id", "nvme-eui.36344730525001230025384500000001", "nvme0n1")

    t.mount("253:1", "/", "ext4", "/dev/mapper/vg0-root", opts="rw,relatime,errors=remount-ro")
    t.mount("8:2", "/boot", "ext4", "/dev/sda2")
    t.mount("8:1", "/boot/efi", "vfat", "/dev/sda1", opts="rw,relatime,fmask=0077,dmask=0077")
    t.mount("9:0", "/srv", "xfs", "/dev/md0", opts="rw,relatime,attr2,inode64")
    t.swap("/dev/dm-2")
    t.loader_device("d1b2c3a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
    t.finish("BOOT_IMAGE=/vmlinuz-6.1.0-28-amd64 root=/dev/mapper/vg0-root ro quiet")


def aws_nitro():
    """An EC2 Nitro instance: EBS root and data volumes and an instance-store disk, all NVMe."""
    t = Tree("aws-nitro")
    vols = [(0, "0000:00:04.0", "0x8061", "Amazon Elastic Block Store", "vol0a1b2c3d4e5f60718", 8 * GIB),
            (1, "0000:00:1e.0", "0x8061", "Amazon Elastic Block Store", "vol0f1e2d3c4b5a69788", 500 * GIB),
            (2, "0000:00:1f.0", "0xcd01", "Amazon EC2 NVMe Instance Storage", "AWS61F4A9C2B8E1D0D4A", 1831420 * 1024 * 2)]
    for n, fn, devid, model, serial, sectors in vols:
        pci = "pci0000:00/" + fn
        t.device(pci, {"vendor": "0x1d0f", "device": devid, "class": "0x010802",
                       "modalias": "pci:v00001D0Fd0000%sSv00001D0Fsd0000%sbc01sc08i02" % (devid[2:].upper(), devid[2:].upper())},
                 subsystem="bus/pci", driver="bus/pci/drivers/nvme")
        ctrl = pci + "/nvme/nvme%d" % n
        t.device(ctrl, {"model": model.ljust(40), "serial": serial.ljust(20), "firmware_rev": "1.0",
                        "transport": "pcie", "state": "live"}, subsystem="class/nvme")
        name = "nvme%dn1" % n
        # EBS namespaces have no EUI-64/NGUID: the kernel's wwid falls back to vendor, serial, model, nsid.
        wwid = "nvme.1d0f-%s-%s-00000001" % (serial.encode().hex(), model.encode().hex())
        base = t.disk(name, ctrl, "259:%d" % (n * 4), sectors, block_dir=False, extra={"nsid": "1", "wwid": wwid})
        t.by("by-id", "nvme-%s_%s" % (model.replace(" ", "_"), serial), name)
        if n == 0:
            t.part(base, name, 1, "259:1", 24576, sectors - 24576 - 33, None, "8c1f32b4-0c9e-4a7e-9d55-3f2c51f9e0a1")
            t.part(base, name, 127, "259:2", 22528, 2048, None, "4b2d1f0e-7a6c-4c3b-8e9d-1f0a2b3c4d5e")
            t.part(base, name, 128, "259:3", 2048, 20480, None, "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4")
            t.by("by-partuuid", "8c1f32b4-0c9e-4a7e-9d55-3f2c51f9e0a1", "nvme0n1p1")
            t.mount("259:1", "/", "xfs", "/dev/nvme0n1p1", opts="rw,noatime,attr2,inode64")
            t.mount("259:3", "/boot/efi", "vfat", "/dev/nvme0n1p128")
    t.finish("BOOT_IMAGE=(hd0,gpt1)/boot/vmlinuz-6.1.112-124.190.amzn2023.x86_64 root=UUID=5a1e9c2b-ffee-4d3c-9b8a-7f6e5d4c3b2a ro console=tty0 console=ttyS0,115200n8 nvme_core.io_timeout=4294967295")


if __name__ == "__main__":
    workstation()
    qemu_virtio()
    rpi_cm4()
    server_lvm_md()
    aws_nitro()
