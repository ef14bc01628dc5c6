package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A tree captured from Debian's 6.1 kernel in QEMU (test-vectors/disks/capture/capture-qemu.sh):
 * the real kernel's layout, not one written by hand. The serials, sizes and sector sizes are those
 * the capture gave QEMU.
 */
class QemuRealTreeTest {

    @Test
    void everyBusOfARealKernel() {
        Map<String, Disk> d = Disks.discover(SysRoot.of(Fixtures.vector("disks/qemu-real"))).stream()
                .collect(Collectors.toMap(Disk::name, Function.identity()));
        assertThat(d.keySet()).containsExactlyInAnyOrder("nvme0n1", "sda", "sdb", "sdc", "sr0", "vda");

        Disk vda = d.get("vda");
        assertThat(vda.transport()).isEqualTo(Transport.VIRTIO);
        assertThat(vda.serial()).isEqualTo("vd-serial-1");
        assertThat(vda.sizeBytes()).isEqualTo(1L << 30);
        assertThat(vda.partitions()).extracting(Partition::label).containsExactly("EFI", "DATA");
        assertThat(vda.partitions().get(1).startBytes()).isEqualTo(206848L * 512);
        assertThat(vda.mountPoints()).containsExactly("/mnt/data");
        assertThat(vda.uses()).extracting(DiskUse::detail).containsExactly("/mnt/data is mounted from vda2");

        Disk nvme = d.get("nvme0n1");
        assertThat(nvme.transport()).isEqualTo(Transport.NVME);
        assertThat(nvme.serial()).isEqualTo("NVME0001");
        assertThat(nvme.model()).isEqualTo("QEMU NVMe Ctrl");
        assertThat(nvme.logicalSectorSize()).isEqualTo(4096);
        assertThat(nvme.sizeBytes()).isEqualTo(2L << 30);
        assertThat(nvme.wwid()).startsWith("nvme.1b36-");
        assertThat(nvme.modalias()).startsWith("pci:v00001B36d00000010");
        assertThat(nvme.installable()).isTrue();

        Disk sata = byModelSerial(d, "SATA0001");
        assertThat(sata.transport()).isEqualTo(Transport.SATA);
        assertThat(sata.sizeBytes()).isEqualTo(3L << 30);
        assertThat(sata.busPath()).matches("/pci0000:00/0000:00:1f\\.2/ata\\d+/host\\d+/target\\d+:0:0/\\d+:0:0:0");
        // The kernel's own VPD page 0x89 (IDENTIFY DEVICE) decodes to the ATA model.
        assertThat(new DeviceAttributes(SysRoot.of(Fixtures.vector("disks/qemu-real")))
                .ataModel("sys/devices" + sata.busPath())).isEqualTo("QEMU HARDDISK");

        // virtio-scsi: serial from VPD page 0x80.
        Disk scsi = byModelSerial(d, "SCSI0001");
        assertThat(scsi.transport()).isEqualTo(Transport.VIRTIO);
        assertThat(scsi.sizeBytes()).isEqualTo(4L << 30);

        Disk usb = d.values().stream().filter(x -> x.transport() == Transport.USB).findFirst().orElseThrow();
        assertThat(usb.sizeBytes()).isEqualTo(256L << 20);
        assertThat(usb.removable()).isTrue();
        // usb-storage has no VPD serial: it is the USB device's iSerial.
        assertThat(usb.serial()).isEqualTo("USB0001");
        assertThat(usb.types()).containsExactly("usb");

        Disk cd = d.get("sr0");
        assertThat(cd.cdrom()).isTrue();
        assertThat(cd.installable()).isFalse();
    }

    private static Disk byModelSerial(Map<String, Disk> d, String serial) {
        return d.values().stream().filter(x -> x.serial().equals(serial)).findFirst().orElseThrow();
    }
}
