package dev.bronze.hardware.disk.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.Disks;
import dev.bronze.testing.Fixtures;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiskSelectorTest {

    static List<Disk> disks(String tree) {
        return Disks.discover(SysRoot.of(Fixtures.vector("disks/" + tree)));
    }

    static final List<Disk> WORKSTATION = disks("workstation");
    static final List<Disk> SERVER = disks("server-lvm-md");
    static final List<Disk> PI = disks("rpi-cm4");
    static final List<Disk> QEMU = disks("qemu-virtio");

    static String pick(String expr, List<Disk> disks) {
        return DiskSelector.parse(expr).select(disks).name();
    }

    static void refused(ThrowingCallable call, ExitCode code, String... fragments) {
        assertThatThrownBy(call).isInstanceOf(BronzeException.class)
                .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(code))
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "type=nvme; nvme0n1",
        "type=ssd; sda",
        "type=hdd; sdb",
        "size>=2TB; sdb",
        "size<600GB; sda",
        "size>=1TB,size<2TB; nvme0n1",
        "size = 1000204886016; nvme0n1",
        "size!=1000204886016,type=ssd|nvme; sda",
        "size > 931GiB, size < 932GiB; nvme0n1",
        "model=Samsung SSD 970*; nvme0n1",
        "model=samsung ssd 8*; sda",
        "model=\"Samsung SSD 8?? EVO 500GB\"; sda",
        "model=WDC WD40EFRX-68N32N0; sdb",
        "serial=S3Z1NB0K123456A; sda",
        "serial=WD-*; sdb",
        "wwid=eui.0025385b71b07e2f; nvme0n1",
        "wwid=naa.5002538e*; sda",
        "busPath=/pci0000:00/0000:00:17.0/ata2/*; sdb",
        "buspath=/pci0000:00/0000:00:1d.0/*; nvme0n1",
        "modalias=pci:v0000144D*; nvme0n1",
        "transport=sata,type!=hdd; sda",
        "model!=Samsung*,type!=usb; sdb",
        "type=hdd|nvme,size<2TB; nvme0n1",
        "model=[A-Z]DC*; sdb",
        "model=[!S]*; sdb",
    })
    void eachClauseSelectsOnTheWorkstation(String expr, String expected) {
        assertThat(pick(expr, WORKSTATION)).isEqualTo(expected);
    }

    @Test
    void ssdNeverMatchesNvmeUnlikeTalos12370() {
        // Talos's "type: ssd" matched the NVMe drive and took it; here ssd is the SATA SSD only.
        List<Candidate> c = DiskSelector.parse("type=ssd").evaluate(WORKSTATION);
        assertThat(c).filteredOn(Candidate::matches).extracting(x -> x.disk().name()).containsExactly("sda");
    }

    @Test
    void severalMatchesAreListedAndRefused() {
        refused(() -> pick("size>=400GB", WORKSTATION), ExitCode.REFUSED,
                "matches 3 disks, refusing to choose one",
                "/dev/nvme0n1 (nvme, 1.0 TB, model Samsung SSD 970 EVO Plus 1TB, serial S4EWNX0R123456K",
                "/dev/sda (ssd, 500.1 GB", "/dev/sdb (hdd, 4.0 TB",
                "add a clause that tells them apart");
        refused(() -> pick("model=INTEL*", SERVER), ExitCode.REFUSED, "matches only disks that must not be written",
                "/dev/sdb: /srv is mounted from md0 (md raid1), built on sdb1");
    }

    @Test
    void inUseDisksAreNeverSelected() {
        // The USB stick the installer booted from matches, and is refused.
        refused(() -> pick("type=usb", WORKSTATION), ExitCode.REFUSED,
                "matches only disks that must not be written", "/dev/sdc: the firmware booted this system from sdc1");
        // The system disk of the server (mounted, LUKS, LVM, swap, ESP booted from).
        refused(() -> pick("model=Micron*", SERVER), ExitCode.REFUSED, "/dev/sda:", "/ is mounted from dm-1",
                "sda3 is held by dm-0");
        // On the Pi, type=sd matches the SD card (running system) and the eMMC: only the eMMC is taken,
        // and the boot0/boot1/rpmb areas never.
        assertThat(pick("type=sd", PI)).isEqualTo("mmcblk0");
        assertThat(pick("type=emmc", PI)).isEqualTo("mmcblk0");
        refused(() -> pick("type=sd,size>100GB", PI), ExitCode.FAILED, "no disk matches", "/dev/mmcblk1: size 63.9 GB");
        refused(() -> pick("type=sd,size<10MB", PI), ExitCode.REFUSED, "eMMC hardware boot/RPMB area");
        // The VM: vda holds /, sr0 is the cloud-init CD.
        assertThat(pick("transport=virtio,size<60GB", QEMU)).isEqualTo("sda");
        refused(() -> pick("serial=root-*", QEMU), ExitCode.REFUSED, "/dev/vda: / is mounted from vda1",
                "the running system's root filesystem is on vda1");
        refused(() -> pick("model=QEMU DVD*", QEMU), ExitCode.REFUSED, "/dev/sr0: a CD/DVD drive");
        // The 4Kn SAS disk is the only free disk on the server.
        assertThat(pick("size>5TB", SERVER)).isEqualTo("sdd");
        assertThat(pick("type=nvme", SERVER)).isEqualTo("nvme0n1");
        assertThat(pick("transport=sas", SERVER)).isEqualTo("sdd");
    }

    @Test
    void cloudDataVolumeBySerialNotTheInstanceStore() {
        List<Disk> aws = disks("aws-nitro");
        refused(() -> pick("type=nvme", aws), ExitCode.REFUSED, "matches 2 disks", "/dev/nvme1n1", "/dev/nvme2n1");
        assertThat(pick("model=Amazon Elastic Block Store", aws)).isEqualTo("nvme1n1");
        assertThat(pick("serial=vol0f1e2d3c4b5a69788", aws)).isEqualTo("nvme1n1");
        assertThat(pick("model=*Instance Storage", aws)).isEqualTo("nvme2n1");
        refused(() -> pick("serial=vol0a1b2c3d4e5f60718", aws), ExitCode.REFUSED, "/ is mounted from nvme0n1p1");
    }

    @Test
    void noMatchSaysWhyForEachDisk() {
        refused(() -> pick("type=nvme,size>=2TB", WORKSTATION), ExitCode.FAILED,
                "no disk matches disk selector \"type=nvme,size>=2TB\"",
                "/dev/nvme0n1: size 1.0 TB (1000204886016 bytes) is not >= 2TB",
                "/dev/sda: type is ssd, not nvme, size 500.1 GB",
                "/dev/sr0: type is cdrom, not nvme");
        refused(() -> pick("serial=XYZ", WORKSTATION), ExitCode.FAILED,
                "/dev/sr0: serial unknown does not match \"xyz\"");
        refused(() -> pick("type=nvme", List.of()), ExitCode.FAILED, "this machine has no disks");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
        "''; disk selector is empty",
        "'   '; disk selector is empty",
        "sise>=20GB; clause 1 \"sise>=20GB\", at character 1: unknown key \"sise\"",
        "type=nvme,sise>=20GB; clause 2 \"sise>=20GB\", at character 11: unknown key \"sise\"",
        "type=nvme,,size>1GB; clause 2, at character 11: empty clause",
        "type=nvme,; clause 2, at character 11: empty clause",
        "size>=20XB; clause 1 \"size>=20XB\", at character 7: unknown size unit \"XB\"",
        "size>=20G; unknown size unit \"G\"",
        "size>=GB; \"GB\" is not a size",
        "size>=-5GB; \"-5GB\" is not a size",
        "size>=1.2.3GB; \"1.2.3GB\" is not a size",
        "size>=; at character 7: expected a size after >=",
        "size>=99999999999PB; too large",
        "size~20GB; at character 5: expected an operator",
        "size; at character 5: expected an operator",
        "model>Samsung; at character 6: \"model\" takes = or != (a pattern), not >",
        "type=floppy; unknown type \"floppy\"",
        "type<=ssd; \"type\" takes = or !=",
        "name=sda; at character 1: selecting by name is not supported",
        "model=; at character 7: empty value",
        "model=\"Samsung; at character 7: unterminated quote",
        "model=\"Samsung\" x; unexpected 'x' after the closing quote",
        "model=Sam\"sung; a quote inside a value",
        "model=[abc; unclosed [",
        "model=abc\\; lone backslash",
        "=nvme; at character 1: expected a key",
        "9=nvme; expected a key",
    })
    void grammarErrorsNameTheClauseAndPosition(String expr, String message) {
        assertThatThrownBy(() -> DiskSelector.parse(expr))
                .isInstanceOf(BronzeException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void boundsOnHostileInput() {
        assertThatThrownBy(() -> DiskSelector.parse("model=" + "*".repeat(5000))).hasMessageContaining("longer than 4096");
        assertThatThrownBy(() -> DiskSelector.parse("type=ssd,".repeat(70) + "type=ssd")).hasMessageContaining("more than 64 clauses");
        // A pattern that makes backtracking regex engines explode is linear here.
        DiskSelector s = DiskSelector.parse("model=" + "*a".repeat(200) + "b");
        assertThat(s.evaluate(WORKSTATION)).noneMatch(Candidate::matches);
    }

    @Test
    void quotedValuesKeepCommasAndEscapes() {
        DiskSelector s = DiskSelector.parse("model=\"Samsung SSD 970 EVO Plus 1TB\" , size>=1TB");
        assertThat(s.select(WORKSTATION).name()).isEqualTo("nvme0n1");
        assertThat(DiskSelector.parse("model=\"a,b\"").evaluate(WORKSTATION)).noneMatch(Candidate::matches);
        assertThat(DiskSelector.parse("serial=\"\"").evaluate(WORKSTATION))
                .filteredOn(Candidate::matches).extracting(c -> c.disk().name()).containsExactly("sr0");
        assertThat(s.expression()).isEqualTo("model=\"Samsung SSD 970 EVO Plus 1TB\" , size>=1TB");
    }
}
