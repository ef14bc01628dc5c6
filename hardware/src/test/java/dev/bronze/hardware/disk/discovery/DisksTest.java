package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DisksTest {

    static SysRoot tree(String name) {
        return SysRoot.of(Fixtures.vector("disks/" + name));
    }

    static Map<String, Disk> byName(List<Disk> disks) {
        return disks.stream().collect(Collectors.toMap(Disk::name, Function.identity()));
    }

    @Test
    void workstationNvmeSataUsbAndDvd() {
        List<Disk> disks = Disks.discover(tree("workstation"));
        assertThat(disks).extracting(Disk::name).containsExactly("nvme0n1", "sda", "sdb", "sdc", "sr0");
        Map<String, Disk> d = byName(disks);

        Disk nvme = d.get("nvme0n1");
        assertThat(nvme.devicePath()).isEqualTo("/dev/nvme0n1");
        assertThat(nvme.sizeBytes()).isEqualTo(1953525168L * 512);
        assertThat(nvme.transport()).isEqualTo(Transport.NVME);
        assertThat(nvme.model()).isEqualTo("Samsung SSD 970 EVO Plus 1TB");
        assertThat(nvme.serial()).isEqualTo("S4EWNX0R123456K");
        assertThat(nvme.wwid()).isEqualTo("eui.0025385b71b07e2f");
        assertThat(nvme.busPath()).isEqualTo("/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme");
        // The controller has no modalias; its PCI function's is reported.
        assertThat(nvme.modalias()).startsWith("pci:v0000144Dd0000A808");
        assertThat(nvme.types()).containsExactly("nvme");
        assertThat(nvme.installable()).isTrue();
        assertThat(nvme.links()).contains("/dev/disk/by-id/nvme-eui.0025385b71b07e2f");

        Disk ssd = d.get("sda");
        assertThat(ssd.transport()).isEqualTo(Transport.SATA);
        // The full ATA model from VPD page 0x89, not the 16 characters of the SCSI model.
        assertThat(ssd.model()).isEqualTo("Samsung SSD 860 EVO 500GB");
        assertThat(ssd.vendor()).isEmpty();
        // SATA disks have no serial attribute: it comes from VPD page 0x80.
        assertThat(ssd.serial()).isEqualTo("S3Z1NB0K123456A");
        assertThat(ssd.wwid()).isEqualTo("naa.5002538e4029c5f1");
        assertThat(ssd.busPath()).isEqualTo("/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0");
        assertThat(ssd.modalias()).isEqualTo("scsi:t-0x00");
        assertThat(ssd.types()).containsExactly("ssd");
        assertThat(ssd.partitions()).hasSize(2);
        Partition win = ssd.partitions().get(1);
        assertThat(win.name()).isEqualTo("sda2");
        assertThat(win.number()).isEqualTo(2);
        assertThat(win.startBytes()).isEqualTo(1126400L * 512);
        assertThat(win.sizeBytes()).isEqualTo(975644672L * 512);
        assertThat(win.label()).isEqualTo("Basic data partition");
        assertThat(win.fsType()).isEqualTo("ntfs");
        assertThat(win.fsLabel()).isEqualTo("Windows");
        assertThat(win.partUuid()).isEqualTo("5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f");
        assertThat(ssd.installable()).isTrue();

        Disk hdd = d.get("sdb");
        assertThat(hdd.rotational()).isTrue();
        assertThat(hdd.physicalSectorSize()).isEqualTo(4096);
        assertThat(hdd.logicalSectorSize()).isEqualTo(512);
        assertThat(hdd.types()).containsExactly("hdd");

        Disk usb = d.get("sdc");
        assertThat(usb.transport()).isEqualTo(Transport.USB);
        assertThat(usb.vendor()).isEqualTo("SanDisk");
        assertThat(usb.model()).isEqualTo("Cruzer Blade");
        assertThat(usb.removable()).isTrue();
        // usb-storage reports sticks as rotational; they are still "usb", never "hdd".
        assertThat(usb.types()).containsExactly("usb");
        assertThat(usb.uses()).extracting(DiskUse::kind).containsExactly(DiskUse.Kind.BOOT_MEDIUM);
        assertThat(usb.uses().get(0).detail()).contains("sdc1").contains("LoaderDevicePartUUID");
        assertThat(usb.partitions()).extracting(Partition::label).containsExactly("EFI", "META");
        assertThat(usb.installable()).isFalse();

        Disk dvd = d.get("sr0");
        assertThat(dvd.cdrom()).isTrue();
        assertThat(dvd.unfit()).contains("a CD/DVD drive", "no medium (size 0)");
    }

    @Test
    void virtualDevicesOnlyWhenAsked() {
        assertThat(Disks.discover(tree("workstation"), true)).extracting(Disk::name)
                .containsExactly("loop0", "nvme0n1", "sda", "sdb", "sdc", "sr0", "zram0");
        Disk zram = byName(Disks.discover(tree("workstation"), true)).get("zram0");
        assertThat(zram.virtual()).isTrue();
        assertThat(zram.transport()).isEqualTo(Transport.NONE);
        assertThat(zram.uses()).extracting(DiskUse::kind).containsExactly(DiskUse.Kind.SWAP);
    }

    @Test
    void qemuVirtioVmWithMountedRootAndCdrom() {
        Map<String, Disk> d = byName(Disks.discover(tree("qemu-virtio")));
        assertThat(d.keySet()).containsExactlyInAnyOrder("sda", "sr0", "vda", "vdb", "vdc", "vdd");
        // btrfs RAID1: mountinfo names vdc; vdd is in use only by what /sys/fs/btrfs says.
        assertThat(d.get("vdc").mountPoints()).containsExactly("/data");
        assertThat(d.get("vdd").uses()).extracting(DiskUse::detail)
                .containsExactly("vdd belongs to the mounted btrfs filesystem \"pool\" (5d2c4a1e-7b3f-4e8a-9c6d-0f1e2a3b4c5d)");
        assertThat(d.get("vdd").installable()).isFalse();

        Disk vda = d.get("vda");
        assertThat(vda.transport()).isEqualTo(Transport.VIRTIO);
        assertThat(vda.serial()).isEqualTo("root-0001");
        assertThat(vda.busPath()).isEqualTo("/pci0000:00/0000:00:04.0/virtio1");
        assertThat(vda.modalias()).isEqualTo("virtio:d00000002v00001AF4");
        assertThat(vda.mountPoints()).containsExactly("/", "/boot/efi");
        assertThat(vda.uses()).extracting(DiskUse::kind).contains(DiskUse.Kind.MOUNTED, DiskUse.Kind.RUNNING_SYSTEM);
        // No udev here (as on Talos): labels come from the by-label links and the fs type from mountinfo.
        Partition root = vda.partitions().get(0);
        assertThat(root.name()).isEqualTo("vda1");
        assertThat(root.fsType()).isEqualTo("ext4");
        assertThat(root.fsLabel()).isEqualTo("cloudimg-rootfs");
        assertThat(root.mountPoints()).containsExactly("/");
        assertThat(vda.partitions()).extracting(Partition::number).containsExactly(1, 14, 15);

        assertThat(d.get("vdb").installable()).isTrue();
        // virtio-scsi disks are virtio too (as Talos reports them), from the SCSI host's driver.
        assertThat(d.get("sda").transport()).isEqualTo(Transport.VIRTIO);
        assertThat(d.get("sda").model()).isEqualTo("QEMU HARDDISK");
        assertThat(d.get("sr0").transport()).isEqualTo(Transport.ATA);
        assertThat(d.get("sr0").cdrom()).isTrue();
        assertThat(d.get("sr0").types()).containsExactly("cdrom");

        Disk snap = byName(Disks.discover(tree("qemu-virtio"), true)).get("loop1");
        assertThat(snap.readOnly()).isTrue();
        assertThat(snap.mountPoints()).containsExactly("/snap/core20/2015");
    }

    @Test
    void raspberryPiEmmcAndSdCard() {
        Map<String, Disk> d = byName(Disks.discover(tree("rpi-cm4")));
        assertThat(d.keySet()).containsExactlyInAnyOrder("mmcblk0", "mmcblk0boot0", "mmcblk0boot1", "mmcblk0rpmb", "mmcblk1");

        Disk emmc = d.get("mmcblk0");
        assertThat(emmc.transport()).isEqualTo(Transport.MMC);
        assertThat(emmc.emmc()).isTrue();
        assertThat(emmc.model()).isEqualTo("DG4016");
        assertThat(emmc.serial()).isEqualTo("0x1c3f5a21");
        assertThat(emmc.types()).containsExactly("sd", "emmc");
        assertThat(emmc.busPath()).isEqualTo("/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:0001");
        // boot0/boot1/rpmb hang below mmcblk0 in sysfs but are not its partitions.
        assertThat(emmc.partitions()).isEmpty();
        assertThat(emmc.installable()).isTrue();

        for (String hw : List.of("mmcblk0boot0", "mmcblk0boot1", "mmcblk0rpmb")) {
            assertThat(d.get(hw).installable()).as(hw).isFalse();
            assertThat(d.get(hw).unfit()).as(hw).anyMatch(u -> u.contains("eMMC hardware boot/RPMB area"));
            assertThat(d.get(hw).model()).as(hw).isEqualTo("DG4016");
        }
        assertThat(d.get("mmcblk0boot0").readOnly()).isTrue();

        Disk sd = d.get("mmcblk1");
        assertThat(sd.emmc()).isFalse();
        assertThat(sd.types()).containsExactly("sd");
        assertThat(sd.mountPoints()).containsExactly("/", "/boot/firmware");
        assertThat(sd.uses()).extracting(DiskUse::detail)
                .contains("the running system's root filesystem is on mmcblk1p2",
                        "the kernel command line's root=PARTUUID=6c586e13-02 names mmcblk1p2");
        assertThat(sd.partitions().get(1).partUuid()).isEqualTo("6c586e13-02");
    }

    @Test
    void serverWithLuksLvmRaidAnd4knDisk() {
        Map<String, Disk> d = byName(Disks.discover(tree("server-lvm-md")));
        assertThat(d.keySet()).containsExactlyInAnyOrder("nvme0n1", "sda", "sdb", "sdc", "sdd");

        Disk sys = d.get("sda");
        assertThat(sys.holders()).containsExactly("dm-0");
        assertThat(sys.mountPoints()).containsExactlyInAnyOrder("/", "/boot", "/boot/efi");
        assertThat(sys.uses()).extracting(DiskUse::kind).contains(DiskUse.Kind.MOUNTED, DiskUse.Kind.HELD,
                DiskUse.Kind.SWAP, DiskUse.Kind.RUNNING_SYSTEM, DiskUse.Kind.BOOT_MEDIUM);
        assertThat(sys.uses()).extracting(DiskUse::detail)
                .contains("/ is mounted from dm-1 (vg0-root, LVM), built on sda3")
                .contains("sda3 is held by dm-0 (sda3_crypt, LUKS/dm-crypt)")
                .contains("swap is active on dm-2 (vg0-swap, LVM), built on sda3")
                .contains("the kernel command line's root=/dev/mapper/vg0-root names dm-1 (vg0-root, LVM), built on sda3");
        assertThat(sys.partitions().get(2).holders()).containsExactly("dm-0");
        assertThat(sys.partitions().get(2).fsType()).isEqualTo("crypto_LUKS");

        for (String member : List.of("sdb", "sdc")) {
            Disk m = d.get(member);
            assertThat(m.holders()).containsExactly("md0");
            assertThat(m.mountPoints()).containsExactly("/srv");
            assertThat(m.uses()).extracting(DiskUse::detail).contains(member + "1 is held by md0 (md raid1)");
            assertThat(m.installable()).isFalse();
        }

        Disk sas = d.get("sdd");
        assertThat(sas.logicalSectorSize()).isEqualTo(4096);
        assertThat(sas.physicalSectorSize()).isEqualTo(4096);
        // sysfs "size" is in 512-byte units whatever the logical sector size.
        assertThat(sas.sizeBytes()).isEqualTo(15628053168L * 512);
        assertThat(sas.transport()).isEqualTo(Transport.SAS);
        assertThat(sas.vendor()).isEqualTo("SEAGATE");
        assertThat(sas.serial()).isEqualTo("ZA1A2B3C0000C8201XYZ");
        assertThat(sas.types()).containsExactly("hdd");
        assertThat(sas.installable()).isTrue();

        Map<String, Disk> all = byName(Disks.discover(tree("server-lvm-md"), true));
        assertThat(all.get("dm-1").mountPoints()).containsExactly("/");
        assertThat(all.get("md0").unfit()).anyMatch(u -> u.contains("md RAID"));
    }

    @Test
    void nvmeMultipathHeadIsOneDiskOnItsControllersBus() {
        List<Disk> disks = Disks.discover(tree("server-lvm-md"), true);
        // The hidden per-controller paths nvme0c0n1/nvme0c1n1 are not disks of their own.
        assertThat(disks).extracting(Disk::name).doesNotContain("nvme0c0n1", "nvme0c1n1");
        Disk head = byName(disks).get("nvme0n1");
        assertThat(head.virtual()).isFalse();
        assertThat(head.transport()).isEqualTo(Transport.NVME);
        assertThat(head.model()).isEqualTo("SAMSUNG MZWLJ3T8HBLS-00007");
        assertThat(head.serial()).isEqualTo("S4YPNE0N500123");
        assertThat(head.wwid()).isEqualTo("eui.36344730525001230025384500000001");
        assertThat(head.busPath()).isEqualTo("/pci0000:5d/0000:5d:02.0/0000:5e:00.0/nvme");
        assertThat(head.modalias()).startsWith("pci:v0000144Dd0000A824");
        assertThat(head.installable()).isTrue();
    }

    @Test
    void awsNitroEbsAndInstanceStore() {
        Map<String, Disk> d = byName(Disks.discover(tree("aws-nitro")));
        assertThat(d.keySet()).containsExactlyInAnyOrder("nvme0n1", "nvme1n1", "nvme2n1");
        Disk root = d.get("nvme0n1");
        assertThat(root.model()).isEqualTo("Amazon Elastic Block Store");
        assertThat(root.serial()).isEqualTo("vol0a1b2c3d4e5f60718");
        assertThat(root.partitions()).extracting(Partition::number).containsExactly(1, 127, 128);
        assertThat(root.mountPoints()).containsExactly("/", "/boot/efi");
        assertThat(root.installable()).isFalse();
        Disk data = d.get("nvme1n1");
        // EBS has no EUI-64: the kernel's fallback wwid (vendor-serial-model-nsid) is kept as is.
        assertThat(data.wwid()).isEqualTo("nvme.1d0f-766f6c3066316532643363346235613639373838-"
                + "416d617a6f6e20456c617374696320426c6f636b2053746f7265-00000001");
        assertThat(data.busPath()).isEqualTo("/pci0000:00/0000:00:1e.0/nvme");
        assertThat(data.installable()).isTrue();
        assertThat(d.get("nvme2n1").model()).isEqualTo("Amazon EC2 NVMe Instance Storage");
    }

    @Test
    void findResolvesNamesPathsAndLinks() {
        SysRoot r = tree("server-lvm-md");
        assertThat(Disks.find(r, "/dev/sdd").name()).isEqualTo("sdd");
        assertThat(Disks.find(r, "sdd").name()).isEqualTo("sdd");
        assertThat(Disks.find(r, "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4").name()).isEqualTo("sdd");
        assertThatThrownBy(() -> Disks.find(r, "/dev/sda3"))
                .isInstanceOf(BronzeException.class)
                .hasMessage("/dev/sda3 is a partition of /dev/sda; give the whole disk")
                .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> Disks.find(r, "/dev/sdz"))
                .hasMessageContaining("no such disk: /dev/sdz").hasMessageContaining("/dev/sdd");
        assertThatThrownBy(() -> Disks.find(r, "/dev/disk/by-id/nothing"))
                .hasMessageContaining("no such disk");
        assertThatThrownBy(() -> Disks.find(r, "/dev/../etc/passwd")).hasMessageContaining("no such disk");
    }

    @Test
    void systemDiskFromTheBootEntryOrTheRoot() {
        assertThat(Disks.systemDisk(tree("server-lvm-md"))).map(Disk::name).contains("sda");
        assertThat(Disks.systemDisk(tree("rpi-cm4"))).map(Disk::name).contains("mmcblk1");
        assertThat(Disks.systemDisk(tree("qemu-virtio"))).map(Disk::name).contains("vda");
        assertThat(Disks.systemDisk(tree("aws-nitro"))).map(Disk::name).contains("nvme0n1");
        // The installer booted from the stick and runs from RAM: the stick is the boot medium.
        assertThat(Disks.systemDisk(tree("workstation"))).map(Disk::name).contains("sdc");
        assertThat(Disks.systemDisk(SysRoot.of(Fixtures.vector("disks")))).isEmpty();
    }

    @Test
    void anEmptyTreeHasNoDisks() {
        assertThat(Disks.discover(SysRoot.of(Fixtures.vector("disks")))).isEmpty();
    }

    @Test
    void naturalOrder() {
        assertThat(BlockScan.natural("nvme2n1", "nvme10n1")).isNegative();
        assertThat(BlockScan.natural("sda9", "sda10")).isNegative();
        assertThat(BlockScan.natural("sdb", "sda")).isPositive();
        assertThat(BlockScan.natural("sda", "sda")).isZero();
    }
}
