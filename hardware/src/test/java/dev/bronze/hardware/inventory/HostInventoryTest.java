package dev.bronze.hardware.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * This machine itself: only invariants (any machine satisfies them), cross-checked against OSHI,
 * which reads the same kernel through its own code.
 */
class HostInventoryTest {

    @Test
    void hostInventoryAgreesWithOshi() {
        Inventory inv = new InventoryCollector(SysRoot.host()).collect();
        SystemInfo oshi = new SystemInfo();
        CentralProcessor cpu = oshi.getHardware().getProcessor();

        assertThat(inv.cpus().threads()).isPositive().isEqualTo(cpu.getLogicalProcessorCount());
        assertThat(inv.cpus().cores()).isBetween(1, inv.cpus().threads()).isEqualTo(cpu.getPhysicalProcessorCount());
        assertThat(inv.cpus().sockets()).isBetween(1, inv.cpus().cores()).isEqualTo(cpu.getPhysicalPackageCount());
        assertThat(inv.memory().totalBytes()).isPositive().isEqualTo(oshi.getHardware().getMemory().getTotal());
        if ("amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch"))) {
            // A 64-bit JVM runs on at least x86-64-v1.
            assertThat(inv.cpus().x86Level()).isBetween(1, 4);
            assertThat(inv.cpus().architecture()).isEqualTo("x86_64");
        }
        for (Inventory.NetworkInterface n : inv.network()) {
            assertThat(n.name()).isNotEqualTo("lo");
            assertThat(n.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}|.*");
        }
        for (Inventory.PciDevice p : inv.pci()) {
            assertThat(p.address()).matches("[0-9a-f]{4,}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
            assertThat(p.vendorId()).matches("[0-9a-f]{4}");
            if (p.modalias() != null) {
                assertThat(p.modalias()).startsWith("pci:v0000" + p.vendorId().toUpperCase());
            }
        }
        assertThat(inv.firmware().mode()).isIn("uefi", "bios", "device-tree");
    }
}
