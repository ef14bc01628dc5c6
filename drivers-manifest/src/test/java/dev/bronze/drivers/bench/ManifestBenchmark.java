package dev.bronze.drivers.bench;

import dev.bronze.drivers.DriversManifest;
import dev.bronze.drivers.ManifestMatcher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What hct and init pay: loading the shipped manifest, building its matcher, and matching every
 * device of a machine (a two-socket server's worth of modaliases: PCI functions, USB interfaces,
 * ACPI, CPU, DMI, platform and virtual devices). Run with {@code bench/drivers-manifest}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManifestBenchmark {

    /** Devices of a real server (lspci/lsusb/ACPI of a Dell R640-class machine) plus a VM's virtual ones. */
    static final List<String> MACHINE = List.of(
            "pci:v00008086d00002020sv00001028sd00000716bc06sc00i00",
            "pci:v00008086d00002021sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d00002024sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d00002030sv00001028sd00000716bc06sc04i00",
            "pci:v00008086d00002031sv00001028sd00000716bc06sc04i00",
            "pci:v00008086d00002032sv00001028sd00000716bc06sc04i00",
            "pci:v00008086d00002033sv00001028sd00000716bc06sc04i00",
            "pci:v00008086d00002034sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d00002035sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d00002036sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d00002066sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d00002068sv00001028sd00000716bc08sc80i00",
            "pci:v00008086d0000A1C8sv00001028sd00000716bc0Csc05i00",
            "pci:v00008086d0000A1D2sv00001028sd00000716bc01sc06i01",
            "pci:v00008086d0000A182sv00001028sd00000716bc01sc06i01",
            "pci:v00008086d0000A1AFsv00001028sd00000716bc0Csc03i30",
            "pci:v00008086d0000A1BAsv00001028sd00000716bc07sc80i00",
            "pci:v00008086d0000A1C1sv00001028sd00000716bc06sc01i00",
            "pci:v00008086d0000A1A1sv00001028sd00000716bc05sc80i00",
            "pci:v00008086d0000A1A3sv00001028sd00000716bc0Csc05i00",
            "pci:v00008086d0000A1A4sv00001028sd00000716bc0Csc80i00",
            "pci:v00008086d00001572sv00001028sd00001F9Cbc02sc00i00",
            "pci:v00008086d00001572sv00001028sd00000000bc02sc00i00",
            "pci:v00008086d00001521sv00001028sd00001FF9bc02sc00i00",
            "pci:v00008086d00001521sv00001028sd00001FF9bc02sc00i00",
            "pci:v000014E4d000016D7sv000014E4sd00001402bc02sc00i00",
            "pci:v000015B3d00001017sv000015B3sd00000020bc02sc00i00",
            "pci:v00001000d0000005Fsv00001028sd00001F4Bbc01sc04i00",
            "pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02",
            "pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02",
            "pci:v0000102Bd00000536sv00001028sd00000716bc03sc00i00",
            "pci:v000010DEd00001EB8sv000010DEsd000012A2bc03sc02i00",
            "usb:v1D6Bp0002d0418dc09dsc00dp01ic09isc00ip00in00",
            "usb:v1D6Bp0003d0418dc09dsc00dp03ic09isc00ip00in00",
            "usb:v0624p0249d0000dc00dsc00dp00ic03isc01ip01in00",
            "usb:v0624p0249d0000dc00dsc00dp00ic03isc01ip02in01",
            "usb:v0BDAp8153d3100dc00dsc00dp00ic02isc06ip00in00",
            "usb:v0781p5581d0100dc00dsc00dp00ic08isc06ip50in00",
            "acpi:LNXSYSTM:", "acpi:LNXSYBUS:", "acpi:PNP0A08:PNP0A03:", "acpi:PNP0C0C:", "acpi:ACPI0007:",
            "acpi:ACPI0004:", "acpi:PNP0C01:", "acpi:PNP0103:", "acpi:PNP0B00:", "acpi:PNP0501:", "acpi:IPI0001:",
            "acpi:INT3F0D:PNP0C02:", "acpi:PNP0C14:", "acpi:ACPI000D:", "acpi:PNP0C02:", "acpi:LNXPWRBN:",
            "cpu:type:x86,ven0000fam0006mod0055:feature:,0000,0001,0002,0003,0004,0005,0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0015,0016,0017,0018,0019,001A,001B,001C,001D,001F,002B,0034,003A,003B,003D,0068,006F,0070,0072,0074,0075,0076,0079,0080,0081,0089,008C,008D,0091,0093,0094,0096,0097,0099,009A,009B,009C,009D,00C0,00C5,00E1,00E3,00E4,00E6,00E7,00EB,00EC,00F0,00F1,00F3,00F5,00F6,00F9,00FA,00FB,00FD,00FF,0120,0123,0125,0127,0128,0129,012A,012D,0140,0165,024A,025A,025B,025C,025F",
            "dmi:bvnDellInc.:bvr2.17.1:bd11/15/2022:br2.17:svnDellInc.:pnPowerEdgeR640:pvr:rvnDellInc.:rn0H28RR:rvrA01:cvnDellInc.:ct23:cvr:sku:SKU=NotProvided;ModelName=PowerEdgeR640:",
            "platform:serial8250", "platform:i8042", "platform:efi-framebuffer", "platform:pcspkr", "platform:rtc_cmos",
            "platform:intel_rapl_msr", "platform:coretemp", "platform:dcdbas", "platform:microcode", "platform:reg-dummy",
            "serio:ty01pr00id00ex00", "scsi:t-0x00", "scsi:t-0x05", "wmi:8D9DDCBC-A997-11DA-B012-B622A1EF5492",
            "virtio:d00000001v00001AF4", "virtio:d00000002v00001AF4", "input:b0019v0000p0001e0000-e0,1,k74,ramlsfw",
            "ipmi:si", "hid:b0003g0001v00000624p00000249", "nvme:", "mei:x:y");

    DriversManifest manifest;
    ManifestMatcher matcher;

    @Setup
    public void setUp() {
        manifest = DriversManifest.bundled("amd64");
        matcher = manifest.kernel(null).matcher();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public DriversManifest loadBundledManifest() {
        return DriversManifest.bundled("amd64");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ManifestMatcher buildMatcher() {
        return manifest.kernel(null).matcher();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void matchAllDevicesOfAMachine(Blackhole bh) {
        for (String m : MACHINE) {
            bh.consume(matcher.match(m));
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void kmodOrderOnlyAllDevicesOfAMachine(Blackhole bh) {
        for (String m : MACHINE) {
            bh.consume(matcher.resolver().resolve(m));
        }
    }
}
