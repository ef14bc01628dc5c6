package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.Fixtures;
import org.junit.jupiter.api.Test;

class DisksCommandTest {

    static String tree(String name) {
        return Fixtures.vector("disks/" + name).toString();
    }

    @Test
    void tableListsDisksPartitionsAndUses() {
        MainTest.Run r = MainTest.run("disks", "--root", tree("server-lvm-md"));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsPattern("(?m)^DEVICE +TYPE +TRANSPORT +SIZE +SECTOR +MODEL +SERIAL +STATUS$")
                .containsPattern("(?m)^/dev/sdd +hdd +sas +8\\.0 TB +4096/4096 +SEAGATE ST8000NM0075 +ZA1A2B3C0000C8201XYZ +free$")
                .containsPattern("(?m)^/dev/sda +ssd +sata +480\\.1 GB .* mounted, system, swap, boot medium, held$")
                .contains("  in use: sda3 is held by dm-0 (sda3_crypt, LUKS/dm-crypt)")
                .containsPattern("(?m)^  sda1 +536\\.9 MB  label EFI  vfat \"EFI\"  on /boot/efi$")
                .doesNotContain("dm-1  ");
    }

    @Test
    void runsOnThisMachine() throws Exception {
        MainTest.Run r = MainTest.run("disks", "--json", "--all");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("root").asText()).isEqualTo("/");
        for (JsonNode d : doc.get("disks")) {
            assertThat(d.get("device").asText()).startsWith("/dev/");
            assertThat(d.get("size").asLong()).isNotNegative();
        }
    }

    @Test
    void longShowsWhatSelectorsMatch() {
        MainTest.Run r = MainTest.run("disks", "-l", "--root", tree("workstation"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("  wwid eui.0025385b71b07e2f  busPath /pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme  modalias pci:v0000144Dd0000A808")
                .contains("  link /dev/disk/by-id/wwn-0x5002538e4029c5f1")
                .contains("  wwid -  busPath /pci0000:00/0000:00:14.0/usb2/2-4/2-4:1.0/host6/target6:0:0/6:0:0:0");
    }

    @Test
    void allAddsVirtualDevices() {
        MainTest.Run r = MainTest.run("disks", "--all", "--root", tree("server-lvm-md"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("(?m)^/dev/dm-1 +virtual +- +214\\.7 GB .*mounted, virtual$");
    }

    @Test
    void jsonIsOneDocumentWithEveryField() throws Exception {
        MainTest.Run r = MainTest.run("disks", "--json", "--root", tree("workstation"));
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode disks = doc.get("disks");
        assertThat(disks).hasSize(5);
        JsonNode nvme = disks.get(0);
        assertThat(nvme.get("device").asText()).isEqualTo("/dev/nvme0n1");
        assertThat(nvme.get("size").asLong()).isEqualTo(1000204886016L);
        assertThat(nvme.get("transport").asText()).isEqualTo("nvme");
        assertThat(nvme.get("wwid").asText()).isEqualTo("eui.0025385b71b07e2f");
        assertThat(nvme.get("installable").asBoolean()).isTrue();
        JsonNode usb = disks.get(3);
        assertThat(usb.get("device").asText()).isEqualTo("/dev/sdc");
        assertThat(usb.get("inUse").get(0).get("kind").asText()).isEqualTo("boot-medium");
        assertThat(usb.get("partitions").get(1).get("label").asText()).isEqualTo("META");
        assertThat(usb.get("partitions").get(0).get("start").asLong()).isEqualTo(1048576);
        assertThat(doc.has("selector")).isFalse();
    }

    @Test
    void selectorPicksOneAndSaysWhyNotTheOthers() throws Exception {
        MainTest.Run r = MainTest.run("disks", "--root", tree("rpi-cm4"), "--disk-selector", "type=sd");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Selected: /dev/mmcblk0")
                .containsPattern("/dev/mmcblk1 +matches, but must not be written")
                .containsPattern("/dev/mmcblk0boot0 +matches, but must not be written");

        MainTest.Run j = MainTest.run("disks", "--json", "--root", tree("rpi-cm4"), "--disk-selector", "type=sd");
        JsonNode sel = new ObjectMapper().readTree(j.out()).get("selector");
        assertThat(sel.get("selected").asText()).isEqualTo("/dev/mmcblk0");
        assertThat(sel.get("error").isNull()).isTrue();
    }

    @Test
    void ambiguousSelectorExitsFourAfterPrintingTheEvaluation() throws Exception {
        MainTest.Run r = MainTest.run("disks", "--json", "--root", tree("workstation"), "--disk-selector", "size>=400GB");
        assertThat(r.code()).isEqualTo(4);
        JsonNode sel = new ObjectMapper().readTree(r.out()).get("selector");
        assertThat(sel.get("selected").isNull()).isTrue();
        assertThat(sel.get("error").asText()).contains("matches 3 disks");
        assertThat(r.err()).startsWith("bronze: disk selector \"size>=400GB\" matches 3 disks, refusing to choose one");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void noMatchExitsOneAndGrammarErrorsExitTwo() {
        MainTest.Run none = MainTest.run("disks", "--root", tree("workstation"), "--disk-selector", "type=nvme,size>2TB");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("/dev/nvme0n1: size 1.0 TB (1000204886016 bytes) is not > 2TB");

        MainTest.Run bad = MainTest.run("disks", "--root", tree("workstation"), "--disk-selector", "type=nvme,size=>2TB");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("bronze: disk selector, clause 2").contains("at character");
        assertThat(bad.out()).isEmpty();

        MainTest.Run noRoot = MainTest.run("disks", "--root", tree("workstation") + "/missing");
        assertThat(noRoot.code()).isEqualTo(2);
        assertThat(noRoot.err()).contains("is not a directory");
    }
}
