package dev.bronze.hardware.smbios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmbiosReaderTest {

    @TempDir
    Path tmp;

    private static byte[] fixture(String rel) throws Exception {
        return Files.readAllBytes(Fixtures.sharedFixture("hardware/" + rel));
    }

    @Test
    void realEntryPointsParseWithValidChecksums() throws Exception {
        EntryPoint.Parsed sm2 = EntryPoint.parse(fixture("smbios-entrypoint/smbios_entry_point.2.8-32bit.bin"));
        assertThat(sm2.problems()).isEmpty();
        EntryPoint e2 = sm2.entryPoint();
        assertThat(e2.kind()).isEqualTo(EntryPoint.Kind.SMBIOS2);
        assertThat(e2.version()).isEqualTo(new SmbiosVersion(2, 8, 0));
        assertThat(e2.tableLength()).isEqualTo(0x0f5f);
        assertThat(e2.tableAddress()).isEqualTo(0x7af09000L);
        assertThat(e2.structureCount()).isEqualTo(0x43);
        assertThat(e2.maxStructureSize()).isEqualTo(0x01d4);
        assertThat(e2.checksumValid()).isTrue();

        EntryPoint.Parsed sm3 = EntryPoint.parse(fixture("smbios-entrypoint/smbios_entry_point.3.0-64bit.bin"));
        assertThat(sm3.problems()).isEmpty();
        EntryPoint e3 = sm3.entryPoint();
        assertThat(e3.kind()).isEqualTo(EntryPoint.Kind.SMBIOS3);
        assertThat(e3.version()).isEqualTo(new SmbiosVersion(3, 0, 0));
        assertThat(e3.tableLength()).isEqualTo(0x0953);
        assertThat(e3.tableAddress()).isEqualTo(0x0eb3b0L);
        assertThat(e3.structureCount()).isEqualTo(-1);
    }

    @Test
    void corruptEntryPointsAreReportedNotThrown() throws Exception {
        byte[] ep = fixture("smbios-entrypoint/smbios_entry_point.3.0-64bit.bin");
        ep[0x0C] ^= 1;
        assertThat(EntryPoint.parse(ep).problems()).containsExactly("_SM3_ entry point checksum is wrong");
        assertThat(EntryPoint.parse(new byte[] {'_', 'S', 'M', '_'}).entryPoint()).isNull();
        assertThat(EntryPoint.parse(new byte[0]).problems()).singleElement().asString().contains("no SMBIOS entry point");
    }

    @Test
    void readsTheKernelsCopiesThroughSysRoot() throws Exception {
        byte[] dump = fixture("smbios-binary/MINISFORUM-UM790PRO.dump-bin");
        Path dir = Files.createDirectories(tmp.resolve("sys/firmware/dmi/tables"));
        // The kernel's entry point keeps the firmware's table address; only the table file matters.
        Files.write(dir.resolve("smbios_entry_point"), java.util.Arrays.copyOf(dump, 0x18));
        Files.write(dir.resolve("DMI"), java.util.Arrays.copyOfRange(dump, 0x20, dump.length));
        SmbiosReader.Result r = SmbiosReader.read(SysRoot.of(tmp));
        assertThat(r).isInstanceOf(SmbiosReader.Result.Found.class);
        SmbiosTable t = ((SmbiosReader.Result.Found) r).table();
        assertThat(t.version()).isEqualTo(new SmbiosVersion(3, 5, 0));
        assertThat(t.problems()).isEmpty();
        assertThat(t.system()).get().satisfies(s -> {
            assertThat(s.manufacturer()).isEqualTo("Micro Computer (HK) Tech Limited");
            assertThat(s.productName()).isEqualTo("Venus series");
            assertThat(s.uuid()).isEqualTo("27f13b80-49af-11ef-9b05-8814a3404d00");
            assertThat(s.serialNumber()).isEqualTo("MD306VU79PQQMQE00168");
        });
        assertThat(t.bios()).get().satisfies(b -> {
            assertThat(b.uefi()).isTrue();
            assertThat(b.romSizeBytes()).isEqualTo(32L << 20);
        });
        assertThat(t.memoryDevices()).hasSize(2).allSatisfy(m -> {
            assertThat(m.sizeBytes()).isEqualTo(32L << 30);
            assertThat(m.type()).isEqualTo("DDR5");
            assertThat(m.speedMts()).isEqualTo(5600);
            assertThat(m.partNumber()).isEqualTo("CT32G56C46S5.M16B2");
        });
        assertThat(t.processors()).singleElement().satisfies(p -> {
            assertThat(p.family()).isEqualTo("Zen");
            assertThat(p.coreCount()).isEqualTo(8);
            assertThat(p.threadCount()).isEqualTo(16);
        });
        assertThat(t.tpm()).get().satisfies(tpm -> {
            assertThat(tpm.specMajor()).isEqualTo(2);
            assertThat(tpm.vendorId()).isEqualTo("AMD");
        });
    }

    @Test
    void noTablesIsNotPresentAndUnreadableSaysWhy() throws Exception {
        assertThat(SmbiosReader.read(SysRoot.of(tmp))).isInstanceOf(SmbiosReader.Result.NotPresent.class);
        Path dir = Files.createDirectories(tmp.resolve("sys/firmware/dmi/tables"));
        Files.createDirectories(dir.resolve("smbios_entry_point"));
        assertThat(SmbiosReader.read(SysRoot.of(tmp))).isInstanceOf(SmbiosReader.Result.Unreadable.class);
        assertThat(SmbiosReader.readDump(tmp.resolve("nope.bin"))).isInstanceOf(SmbiosReader.Result.NotPresent.class);
    }

    @Test
    void unreadableTableFileIsReportedWhenNotRoot() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sys/firmware/dmi/tables"));
        Path ep = dir.resolve("smbios_entry_point");
        Files.write(ep, fixture("smbios-entrypoint/smbios_entry_point.3.0-64bit.bin"));
        Files.setPosixFilePermissions(ep, PosixFilePermissions.fromString("---------"));
        SmbiosReader.Result r = SmbiosReader.read(SysRoot.of(tmp));
        // Root reads a 0400/0000 file anyway (CI runs as root); a user gets the reason.
        if (!"root".equals(System.getProperty("user.name"))) {
            assertThat(r).isInstanceOf(SmbiosReader.Result.Unreadable.class);
        } else {
            assertThat(r).isInstanceOf(SmbiosReader.Result.NotPresent.class);
        }
    }

    @Test
    void hyperVZeroLengthHeaderStopsTheWalkWithAProblem() throws Exception {
        SmbiosTable t = SmbiosParser.parseRaw(fixture("smbios-binary/HyperV.dmi"), new SmbiosVersion(2, 3, 0), "HyperV");
        assertThat(t.structures()).extracting(SmbiosStructure::type).containsExactly(0, 1, 2, 3, 11);
        assertThat(t.problems()).anyMatch(p -> p.contains("offset 478") && p.contains("invalid length 0"));
        // SMBIOS 2.3: the UUID is printed in table byte order (no 2.6 swap).
        assertThat(t.system().orElseThrow().uuid()).isEqualTo("ef4968b2-b04f-034e-a9d1-1a165a40c8d7");
        SmbiosTable v26 = SmbiosParser.parseRaw(fixture("smbios-binary/HyperV.dmi"), new SmbiosVersion(2, 6, 0), "HyperV");
        assertThat(v26.system().orElseThrow().uuid()).isEqualTo("b26849ef-4fb0-4e03-a9d1-1a165a40c8d7");
        assertThat(t.oemStrings()).first().asString().startsWith("[MS_VM_CERT/SHA1/");
    }

    @Test
    void beelinkHasNoEndMarkerAndAPlaceholderUuid() throws Exception {
        SmbiosTable t = SmbiosParser.parseDump(fixture("smbios-binary/Beelink-EQ12.dump-bin"), "Beelink");
        assertThat(t.structures()).hasSize(72);
        assertThat(t.problems()).containsExactly("no end-of-table structure (type 127)");
        String uuid = t.system().orElseThrow().uuid();
        assertThat(uuid).isEqualTo("03000200-0400-0500-0006-000700080009");
        assertThat(SmbiosStrings.isPlaceholder(uuid)).isTrue();
    }

    @Test
    void superMicroInactiveStructuresAreKeptButNotTyped() throws Exception {
        SmbiosTable t = SmbiosParser.parseRaw(fixture("smbios-binary/SuperMicro-Dual-Xeon.dmi"), new SmbiosVersion(3, 3, 0), "SM");
        assertThat(t.structures()).filteredOn(s -> s.type() == 126).hasSize(18);
        assertThat(t.structures()).hasSize(149);
        assertThat(t.processors()).hasSize(2);
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void dellUuidUsesTheLittleEndianFieldsOfSmbios26() throws Exception {
        SmbiosTable t = SmbiosParser.parseRaw(fixture("smbios-binary/Dell-PowerEdge-R630-Dual-Xeon.dmi"), new SmbiosVersion(3, 3, 0), "Dell");
        assertThat(t.system().orElseThrow().uuid()).isEqualTo("4c4c4544-0039-3010-8048-b7c04f384432");
        assertThat(t.memoryDevices()).hasSize(24);
    }

    @Test
    void placeholdersAreRecognised() {
        for (String p : List.of("To Be Filled By O.E.M.", "Default string", "Not Specified", " System Product Name ",
                "0000000000", "FFFFFFFF", "", "N/A")) {
            assertThat(SmbiosStrings.meaningful(p)).as(p).isEmpty();
        }
        assertThat(SmbiosStrings.meaningful(" PowerEdge R630 ")).contains("PowerEdge R630");
        assertThat(SmbiosStrings.meaningful("Amazon EC2")).contains("Amazon EC2");
    }

    @Test
    void stringsWithControlBytesAreNeutralised() {
        TableBuilder b = new TableBuilder();
        byte[] sys = TableBuilder.header(1, 0x08, 1);
        sys[4] = 1;
        sys[5] = 2;
        sys[6] = 3;
        b.add(sys, List.of("Evil\u001b[2J", "caf\u00e9"));
        b.end(2);
        SmbiosTable t = SmbiosParser.parseRaw(b.table(), SmbiosVersion.ASSUMED, "t");
        SystemInfo s = t.system().orElseThrow();
        assertThat(s.manufacturer()).isEqualTo("Evil.[2J");
        assertThat(s.productName()).isEqualTo("caf\u00e9");
        assertThat(s.version()).isNull();
        assertThat(t.problems()).isEmpty();
    }
}
