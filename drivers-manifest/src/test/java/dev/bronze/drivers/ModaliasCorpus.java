package dev.bronze.drivers;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.modalias.ModuleCatalog;
import dev.bronze.testing.AliasSamples;
import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Modalias strings to ask both kmod and us: real device strings (the research report's table,
 * this machine's own sysfs when there is one), and strings made from every alias of the tree
 * (wildcards filled in as a device would, then mutated into near misses).
 */
final class ModaliasCorpus {

    /** Real device modaliases (from the research report and public sysfs dumps of real machines). */
    static final List<String> REAL = List.of(
            "pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00",
            "pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02",
            "pci:v00001B21d00001242sv00001B21sd00001242bc0Csc03i30",
            "pci:v00001AF4d00001041sv00001AF4sd00001100bc02sc00i00",
            "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00",
            "pci:v00008086d000029C0sv00001AF4sd00001100bc06sc00i00",
            "pci:v00001D0Fd0000EC20sv00000000sd00000000bc02sc00i00",
            "pci:v000015ADd000007B0sv000015ADsd000007B0bc02sc00i00",
            "pci:v000010DEd00002204sv00001043sd000087B3bc03sc00i00",
            "usb:v0BDAp8153d3100dc00dsc00dp00ic02isc06ip00in00",
            "usb:v0BDAp8153d3100dc00dsc00dp00icFFisc00ip00in00",
            "usb:v1645p0007d0133dc00dsc00dp00ic08isc06ip50in00",
            "usb:v1645p0007d0125dc00dsc00dp00ic08isc06ip50in00",
            "usb:v1D6Bp0003d0601dc09dsc00dp03ic09isc00ip00in00",
            "acpi:LNXCPU:ACPI0007:",
            "acpi:PNP0A08:PNP0A03:",
            "acpi:PNP0303:",
            "serio:ty01pr00id00ex00",
            "dmi:bvnPhoenixTechnologiesLTD:bvr6.00:bd11/12/2020:br4.6:svnVMware,Inc.:pnVMwareVirtualPlatform:pvrNone:rvnIntelCorporation:rn440BXDesktopReferencePlatform:rvrNone:cvnNoEnclosure:ct1:cvrN/A:sku:",
            "dmi:bvnAmazonEC2:bvr1.0:bd10/16/2017:br1.0:svnAmazonEC2:pnm5.large:pvr:rvnAmazonEC2:rn:rvr:cvnAmazonEC2:ct1:cvr:sku:",
            "of:NphyT(null)Cbrcm,ns-bx-usb3-phy",
            "of:NphyT<NULL>Cbrcm,ns-bx-usb3-phyCfoo,bar",
            "of:NgpuT(null)Cbrcm,bcm2835-vc4",
            "of:NmmcT(null)Cbrcm,bcm2835-sdhci",
            "of:NethernetT(null)Cbrcm,bcm2711-genet-v5",
            "of:NpcieT(null)Cbrcm,bcm2711-pcie",
            "of:NusbT(null)Cbrcm,bcm2835-usb",
            "of:NserialT(null)Carm,pl011Carm,primecell",
            "of:Ni2cT(null)Cbrcm,bcm2711-i2cCbrcm,bcm2835-i2c",
            "of:NwatchdogT(null)Cbrcm,bcm2835-pm-wdt",
            "virtio:d00000001v00001AF4",
            "virtio:d00000002v00001AF4",
            "vmbus:635161f83edfc546913ff2d2f965ed0e",
            "vmbus:d34b2567b9b65a4e94bfe9f9f67cbc36",
            "platform:serial8250",
            "platform:i8042",
            "cpu:type:x86,ven0000fam0006mod009E:feature:,0000,0001,0002,0003,0004,0005,0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0015,0016,0017,0018,0019,001A,001B,001C,001D,001F,002B,0034,003A,003B,003D,0068,006F,0070,0072,0074,0075,0076,0079,0080,0081,0089,008C,008D,0091,0093,0094,0096,0097,0099,009A,009B,009C,009D,00C0,00C5,00E1,00E3,00E4,00E6,00E7,00EB,00EC,00F0,00F1,00F3,00F5,00F6,00F9,00FA,00FB,00FD,00FF,0120,0123,0125,0127,0128,0129,012A,012D,0140,0165,024A,025A,025B,025C,025F",
            "cpu:type:aarch64:feature:,0000,0001,0002,0003,0004,0005,0006,0007,0008,0009,000A,000B",
            "scsi:t-0x05",
            "scsi:t-0x00",
            "hdaudio:v10EC0257r00100001a01",
            "input:b0011v0001p0001eAB41-e0,1,4,11,14,k71,72,73,74,75,76,77,79,7A,7B,7C,7D,7E,7F,80,8C,8E,8F,9B,9C,9D,9E,9F,A3,A4,A5,A6,AC,AD,B7,B8,B9,D9,E2,ram4,l0,1,2,sfw",
            "hid:b0003g0001v0000046Dp0000C52B",
            "mdio:00000000000000010000110010010001",
            "sdio:c07v02D0dA9A6",
            "i2c:tpm_i2c_infineon",
            "spi:tpm_tis_spi",
            "xen:vif",
            "wmi:05901221-D566-11D1-B2F0-00A0C9062910",
            "pnp:dPNP0303");

    private ModaliasCorpus() {
    }

    static List<String> build(ModuleCatalog catalog, Random rnd) {
        Set<String> out = new LinkedHashSet<>(REAL);
        out.addAll(hostModaliases());
        out.addAll(excerptPatternsAsStrings());
        List<ModuleCatalog.Alias> all = new ArrayList<>(catalog.aliases());
        all.addAll(catalog.builtinAliases());
        for (ModuleCatalog.Alias a : all) {
            String s = AliasSamples.instantiate(a.pattern(), rnd);
            out.add(s);
            out.add(AliasSamples.mutate(s, rnd));
        }
        // Names too: kmod resolves module names before aliases, and built-in names after them.
        for (int i = 0; i < catalog.modules().size(); i += 7) {
            out.add(catalog.modules().get(i).replace('_', '-'));
        }
        for (int i = 0; i < catalog.builtin().size(); i += 3) {
            out.add(catalog.builtin().get(i));
        }
        out.removeIf(s -> s.isEmpty() || s.indexOf('\0') >= 0);
        return new ArrayList<>(out);
    }

    /** This machine's own devices (a real, if small, set) when sysfs is there. */
    private static List<String> hostModaliases() {
        Path devices = SysRoot.host().path("sys/devices");
        if (!Files.isDirectory(devices)) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        try (Stream<Path> s = Files.find(devices, 12, (p, a) -> p.getFileName().toString().equals("modalias") && a.isRegularFile())) {
            s.limit(2000).forEach(p -> {
                try {
                    String v = Files.readString(p).strip();
                    if (!v.isEmpty()) {
                        list.add(v);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // unreadable attributes are skipped: this set is a bonus
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return list;
        }
        return list;
    }

    /** The shared fixture's patterns filled in (aliases of an older kernel: many now match nothing). */
    private static List<String> excerptPatternsAsStrings() {
        Path excerpt = Fixtures.sharedFixture("hardware/kmod/modules.alias-5.6.2.excerpt");
        List<String> out = new ArrayList<>();
        Random rnd = new Random(56);
        try {
            for (String line : Files.readAllLines(excerpt)) {
                if (line.startsWith("alias ")) {
                    out.add(AliasSamples.instantiate(line.split(" ")[1], rnd));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
