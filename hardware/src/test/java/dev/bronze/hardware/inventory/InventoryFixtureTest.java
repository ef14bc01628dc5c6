package dev.bronze.hardware.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inventory of the fixture trees under test-vectors/inventory (see build-trees.py there). */
class InventoryFixtureTest {

    private static Inventory of(String tree) {
        return new InventoryCollector(SysRoot.of(Fixtures.vector("inventory/" + tree))).collect();
    }

    @Test
    void x86Server() {
        Inventory inv = of("x86-server");
        assertThat(inv.system().source()).isEqualTo("smbios");
        assertThat(inv.system().manufacturer()).isEqualTo("Supermicro");
        assertThat(inv.system().productName()).isEqualTo("SYS-1029P-WTR");
        // "0123456789" and "To Be Filled By O.E.M." are placeholders, not a version or SKU.
        assertThat(inv.system().version()).isNull();
        assertThat(inv.system().skuNumber()).isNull();
        assertThat(inv.system().chassisType()).isEqualTo("Rack Mount Chassis");
        assertThat(inv.baseboard().productName()).isEqualTo("X11DDW-L");
        assertThat(inv.firmware()).isEqualTo(new Inventory.Firmware("uefi", "enabled", false,
                "American Megatrends Inc.", "3.4", "06/25/2021"));
        Inventory.Cpus c = inv.cpus();
        assertThat(c.architecture()).isEqualTo("x86_64");
        assertThat(c.vendor()).isEqualTo("GenuineIntel");
        assertThat(c.model()).isEqualTo("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz");
        assertThat(List.of(c.sockets(), c.cores(), c.threads())).containsExactly(2, 4, 8);
        assertThat(c.x86Level()).isEqualTo(4);
        assertThat(c.maxFrequencyKhz()).isEqualTo(4_000_000L);
        assertThat(inv.memory().totalBytes()).isEqualTo(131_503_840L * 1024);
        assertThat(inv.memory().modules()).extracting(Inventory.MemoryModule::locator).containsExactly("P1-DIMMA1", "P2-DIMMA1");
        assertThat(inv.memory().installedBytes()).isEqualTo(128L << 30);
        assertThat(inv.memory().modules().get(0).partNumber()).isEqualTo("M393A8G40BB4-CWE");
        assertThat(inv.network()).extracting(Inventory.NetworkInterface::name).containsExactly("eno1", "eno2");
        Inventory.NetworkInterface eno1 = inv.network().get(0);
        assertThat(eno1).isEqualTo(new Inventory.NetworkInterface("eno1", "ac:1f:6b:4c:2a:10", "igb", "pci",
                "0000:18:00.0", "up", true, 1000, 1500));
        Inventory.NetworkInterface eno2 = inv.network().get(1);
        assertThat(eno2.carrier()).isNull();
        assertThat(eno2.speedMbps()).isNull();
        assertThat(inv.pci()).hasSize(8);
        assertThat(inv.pci()).filteredOn(p -> p.address().equals("0000:5e:00.0")).singleElement().satisfies(p -> {
            assertThat(p.vendorId()).isEqualTo("144d");
            assertThat(p.classCode()).isEqualTo("010802");
            assertThat(p.driver()).isEqualTo("nvme");
            assertThat(p.modalias()).isEqualTo("pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02");
        });
        assertThat(inv.pci()).filteredOn(p -> p.address().equals("0000:00:00.0")).singleElement()
                .extracting(Inventory.PciDevice::driver).isNull();
        assertThat(inv.usb()).extracting(Inventory.UsbDevice::name).containsExactly("1-1", "usb1");
        assertThat(inv.usb().get(0).interfaces()).extracting(Inventory.UsbInterface::driver).containsExactly("usbhid", "usbhid");
        assertThat(inv.usb().get(1).interfaces()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("1-0:1.0");
            assertThat(i.driver()).isEqualTo("hub");
        });
        assertThat(inv.tpm()).isEqualTo(new Inventory.Tpm(true, 2, "tpm_tis", "sysfs"));
        assertThat(inv.bmc()).isEqualTo(new Inventory.Bmc("KCS (Keyboard Control Style)", "2.0", "0xCA2 (I/O)"));
        assertThat(inv.watchdogs()).containsExactly(new Inventory.Watchdog("watchdog0", "iTCO_wdt", 30, "iTCO_wdt"));
        assertThat(inv.rtcs()).containsExactly(new Inventory.Rtc("rtc0", "rtc_cmos 00:01", "rtc_cmos", true));
        assertThat(inv.notes()).containsExactly("disks: no disk discovery wired in (dev.bronze.hardware.disk.discovery)");
    }

    @Test
    void laptopWithoutReadableTablesFallsBackToDmiId() {
        Inventory inv = of("laptop");
        assertThat(inv.system().source()).isEqualTo("dmi-id");
        assertThat(inv.system().manufacturer()).isEqualTo("LENOVO");
        assertThat(inv.system().version()).isEqualTo("ThinkPad T14 Gen 3");
        assertThat(inv.system().chassisType()).isEqualTo("Notebook");
        assertThat(inv.firmware().mode()).isEqualTo("uefi");
        assertThat(inv.firmware().secureBoot()).isEqualTo("disabled");
        assertThat(inv.firmware().version()).isEqualTo("R23ET65W (1.35 )");
        assertThat(List.of(inv.cpus().sockets(), inv.cpus().cores(), inv.cpus().threads())).containsExactly(1, 12, 16);
        assertThat(inv.cpus().x86Level()).isEqualTo(3);
        assertThat(inv.cpus().missingForNextLevel()).contains("avx512f");
        assertThat(inv.memory().modules()).isEmpty();
        assertThat(inv.memory().installedBytes()).isNull();
        assertThat(inv.network()).singleElement().satisfies(n -> {
            assertThat(n.driver()).isEqualTo("iwlwifi");
            assertThat(n.speedMbps()).isNull();
        });
        assertThat(inv.usb()).filteredOn(u -> u.name().equals("3-9")).singleElement()
                .satisfies(u -> assertThat(u.interfaces().get(0).driver()).isNull());
        assertThat(inv.tpm().driver()).isEqualTo("tpm_crb");
        assertThat(inv.watchdogs()).isEmpty();
        assertThat(inv.notes()).anyMatch(n -> n.startsWith("smbios: no SMBIOS entry point"));
    }

    @Test
    void cloudVmBootedWithBios() {
        Inventory inv = of("cloud-vm");
        assertThat(inv.system().manufacturer()).isEqualTo("Amazon EC2");
        assertThat(inv.system().productName()).isEqualTo("m5.large");
        // SMBIOS 2.7: the UUID's first fields are little-endian, so the text matches what was encoded.
        assertThat(inv.system().uuid()).isEqualTo("ec2e1916-9099-7caf-fd21-012345678901");
        assertThat(inv.firmware().mode()).isEqualTo("bios");
        assertThat(inv.firmware().secureBoot()).isEqualTo("not-applicable");
        assertThat(List.of(inv.cpus().sockets(), inv.cpus().cores(), inv.cpus().threads())).containsExactly(1, 1, 2);
        assertThat(inv.cpus().x86Level()).isEqualTo(4);
        assertThat(inv.cpus().flags()).contains("hypervisor");
        assertThat(inv.network()).singleElement().satisfies(n -> {
            assertThat(n.driver()).isEqualTo("ena");
            assertThat(n.mtu()).isEqualTo(9001);
        });
        assertThat(inv.memory().modules()).singleElement().satisfies(m -> {
            assertThat(m.locator()).isNull();
            assertThat(m.sizeBytes()).isEqualTo(8L << 30);
        });
        assertThat(inv.tpm().present()).isFalse();
        assertThat(inv.usb()).isEmpty();
    }

    @Test
    void raspberryPi4IsIdentifiedFromTheDeviceTree() {
        Inventory inv = of("rpi4");
        assertThat(inv.board()).isEqualTo(new Inventory.Board("Raspberry Pi 4 Model B Rev 1.4",
                List.of("raspberrypi,4-model-b", "brcm,bcm2711"), "10000000a1b2c3d4", "c03114"));
        assertThat(inv.system().source()).isEqualTo("device-tree");
        assertThat(inv.firmware().mode()).isEqualTo("device-tree");
        assertThat(inv.cpus().architecture()).isEqualTo("aarch64");
        assertThat(inv.cpus().armCore()).isEqualTo("Arm Cortex-A72");
        assertThat(inv.cpus().x86Level()).isNull();
        assertThat(inv.cpus().threads()).isEqualTo(4);
        assertThat(inv.network()).extracting(Inventory.NetworkInterface::driver).containsExactly("bcmgenet", "brcmfmac");
        assertThat(inv.network().get(1).bus()).isEqualTo("sdio");
        assertThat(inv.platformDevices()).filteredOn(p -> p.name().equals("fd580000.ethernet")).singleElement()
                .satisfies(p -> {
                    assertThat(p.compatible()).containsExactly("brcm,bcm2711-genet-v5");
                    assertThat(p.modalias()).isEqualTo("of:NethernetT(null)Cbrcm,bcm2711-genet-v5");
                    assertThat(p.driver()).isEqualTo("bcmgenet");
                });
        assertThat(inv.pci()).extracting(Inventory.PciDevice::vendorId).containsExactly("14e4", "1106");
        assertThat(inv.watchdogs()).singleElement().extracting(Inventory.Watchdog::driver).isEqualTo("bcm2835-wdt");
        assertThat(inv.rtcs()).isEmpty();
        assertThat(inv.tpm().present()).isFalse();
    }

    @Test
    void raspberryPi5HasAnRtcAndItsEthernetBehindRp1() {
        Inventory inv = of("rpi5");
        assertThat(inv.board().compatible()).containsExactly("raspberrypi,5-model-b", "brcm,bcm2712");
        assertThat(inv.board().revisionCode()).isEqualTo("d04170");
        assertThat(inv.cpus().armCore()).isEqualTo("Arm Cortex-A76");
        assertThat(inv.cpus().maxFrequencyKhz()).isEqualTo(2_400_000L);
        assertThat(inv.rtcs()).singleElement().extracting(Inventory.Rtc::driver).isEqualTo("rpi-rtc");
        assertThat(inv.pci()).filteredOn(p -> p.vendorId().equals("1de4")).singleElement()
                .extracting(Inventory.PciDevice::driver).isEqualTo("rp1");
        assertThat(inv.network()).singleElement().satisfies(n -> {
            assertThat(n.driver()).isEqualTo("macb");
            assertThat(n.busAddress()).isEqualTo("1f00100000.ethernet");
        });
        assertThat(inv.usb()).filteredOn(u -> u.name().equals("1-1")).singleElement()
                .satisfies(u -> assertThat(u.interfaces().get(0).modalias()).startsWith("usb:v0781p5591"));
    }

    @Test
    void anEmptyRootGivesAnInventoryFullOfNotesNotExceptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Inventory inv = new InventoryCollector(SysRoot.of(tmp)).collect();
        assertThat(inv.system()).isNull();
        assertThat(inv.cpus().threads()).isZero();
        assertThat(inv.memory().totalBytes()).isZero();
        assertThat(inv.network()).isEmpty();
        assertThat(inv.notes()).anyMatch(n -> n.contains("cpuinfo")).anyMatch(n -> n.contains("MemTotal"));
    }

    @Test
    void aTpmOnlyTheFirmwareDescribesIsNotPresentAndSecureBootWithoutEfivarsIsUnknown(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        byte[] dump = java.nio.file.Files.readAllBytes(Fixtures.sharedFixture("hardware/smbios-binary/MINISFORUM-UM790PRO.dump-bin"));
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("sys/firmware/dmi/tables"));
        java.nio.file.Files.write(dir.resolve("smbios_entry_point"), java.util.Arrays.copyOf(dump, 0x18));
        java.nio.file.Files.write(dir.resolve("DMI"), java.util.Arrays.copyOfRange(dump, 0x20, dump.length));
        java.nio.file.Files.createDirectories(tmp.resolve("sys/firmware/efi"));
        Inventory inv = new InventoryCollector(SysRoot.of(tmp)).collect();
        assertThat(inv.tpm()).isEqualTo(new Inventory.Tpm(false, 2, null, "smbios"));
        assertThat(inv.firmware().mode()).isEqualTo("uefi");
        assertThat(inv.firmware().secureBoot()).isEqualTo("unknown");
        assertThat(inv.notes()).anyMatch(n -> n.contains("SecureBoot"));
        assertThat(inv.system().manufacturer()).isEqualTo("Micro Computer (HK) Tech Limited");
        // "Default string" version, SKU and family are placeholders.
        assertThat(inv.system().version()).isNull();
        assertThat(inv.system().family()).isNull();
        assertThat(inv.memory().modules()).hasSize(2);
        assertThat(inv.memory().installedBytes()).isEqualTo(64L << 30);
        assertThat(inv.bmc()).isNull();
    }

    @Test
    void aDiskSourceIsUsedWhenWired() {
        DiskSource fake = root -> List.of(new Inventory.DiskSummary("nvme0n1", 1L << 40, "Samsung", "S1", false, false, "nvme"));
        Inventory inv = new InventoryCollector(SysRoot.of(Fixtures.vector("inventory/x86-server")), fake).collect();
        assertThat(inv.disks()).extracting(Inventory.DiskSummary::name).containsExactly("nvme0n1");
        assertThat(inv.notes()).noneMatch(n -> n.startsWith("disks:"));
    }
}
