package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Discovery on the machine the tests run on: whatever it has, only invariants can be checked. */
class HostDisksTest {

    @Test
    void discoveryOnThisMachineKeepsItsInvariants() {
        List<Disk> all = Disks.discover(SysRoot.host(), true);
        List<Disk> real = Disks.discover(SysRoot.host());
        assertThat(all).containsAll(real);
        for (Disk d : all) {
            assertThat(d.name()).isNotBlank();
            assertThat(d.devicePath()).startsWith("/dev/");
            assertThat(d.sizeBytes()).isNotNegative();
            assertThat(d.logicalSectorSize()).isPositive();
            assertThat(d.physicalSectorSize()).isGreaterThanOrEqualTo(d.logicalSectorSize());
            if (d.sizeBytes() == 0) {
                assertThat(d.unfit()).contains("no medium (size 0)");
            }
            for (Partition p : d.partitions()) {
                assertThat(p.sizeBytes()).isPositive();
                assertThat(p.startBytes() + p.sizeBytes()).isLessThanOrEqualTo(d.sizeBytes());
            }
        }
        for (Disk d : real) {
            assertThat(d.virtual()).isFalse();
            assertThat(d.sizeBytes() > 0 || d.unfit().contains("no medium (size 0)")).as(d.name()).isTrue();
        }
        // The disk holding this machine's / (when / is on a disk at all) is in use.
        real.stream().filter(d -> d.mountPoints().contains("/"))
                .forEach(d -> assertThat(d.uses()).extracting(DiskUse::kind).contains(DiskUse.Kind.RUNNING_SYSTEM));
    }
}
