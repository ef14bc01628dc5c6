package dev.bronze.installer.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.QemuGuest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the live-node path relies on, shown by Linux itself: the ESP that Bronze's install wrote
 * mounts as vfat with LiveNode's options, and a file replaced by write + fsync + rename(2) over the
 * old name is, after the guest is killed in the middle of a stream of such replacements, always one
 * whole generation — the last one renamed, or the one being written — never a torn mix.
 */
@Tag("qemu")
class LiveEspQemuTest {

    /** 381300 records of 11 bytes: "gen 000042\n". */
    static final int RECORDS = 381300;

    static final String WRITER = """
            mkdir -p /mnt/esp
            bronze_check esp-mount mount -t vfat -o nosuid,nodev,noexec,dirsync,umask=0077 /dev/vda1 /mnt/esp
            bronze_log "replacing /mnt/esp/loader/state until the guest is killed"
            mkdir -p /mnt/esp/loader
            i=0
            while true; do
              i=$((i+1))
              g=$(printf %06d $i)
              yes "gen $g" | head -c %BYTES% > /mnt/esp/loader/state.new
              sync /mnt/esp/loader/state.new
              mv -f /mnt/esp/loader/state.new /mnt/esp/loader/state
              sync /mnt/esp/loader
              printf '\\nLIVE-RENAMED %s\\n' "$g"
            done
            """.replace("%BYTES%", Integer.toString(RECORDS * 11));

    static final String READER = """
            mkdir -p /mnt/esp
            bronze_check esp-mount mount -t vfat -o ro /dev/vda1 /mnt/esp
            bronze_result size="$(wc -c < /mnt/esp/loader/state)" \\
                distinct="$(sort -u /mnt/esp/loader/state | wc -l)" \\
                gen="$(head -n 1 /mnt/esp/loader/state | cut -d' ' -f2)"
            umount /mnt/esp
            """;

    @TempDir
    Path dir;

    @Test
    void aReplacementCutByAResetLeavesOneWholeGeneration() throws Exception {
        Path image = dir.resolve("node.img");
        long size = 512L << 20;
        Path k = Files.write(dir.resolve("vmlinuz"), "kernel\n".repeat(20000).getBytes());
        Path i = Files.write(dir.resolve("initrd"), "initrd\n".repeat(20000).getBytes());
        Plan plan = LayoutPlanner.plan(BootloaderKind.SD_BOOT.defaultLayout(), image.toString(), size, 512,
                GuidSource.seeded("live-qemu"), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(image, size, 512)) {
            new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { })
                    .install(dev, plan, new Installer.InstallRequest(BootloaderKind.SD_BOOT, new BootPayload.Kernel(k, i), "1",
                            "console=ttyS0", Optional.empty()), true);
        }
        Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));

        // Killed by guest-run's timeout while it replaces the file over and over.
        GuestRun writer = QemuGuest.builder(dir.resolve("writer")).disk(image).check(WRITER)
                .serialLog(logs.resolve("live-esp-writer.log")).timeout(Duration.ofSeconds(150)).run();
        assertThat(writer.done()).as(writer.describe()).isEmpty();
        assertThat(writer.check("esp-mount").map(c -> c.passed()).orElse(false)).as(writer.describe()).isTrue();
        String log = Files.readString(writer.serialLog(), StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("LIVE-RENAMED (\\d{6})").matcher(log);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        assertThat(last).as("replacements done before the kill: %s", writer.describe()).isGreaterThanOrEqualTo(2);

        GuestRun reader = QemuGuest.builder(dir.resolve("reader")).disk(image).check(READER)
                .serialLog(logs.resolve("live-esp-reader.log")).timeout(Duration.ofMinutes(4)).run();
        assertThat(reader.passed()).as(reader.describe()).isTrue();
        assertThat(reader.result("size")).as(reader.describe()).contains(Integer.toString(RECORDS * 11));
        assertThat(reader.result("distinct")).as(reader.describe()).contains("1");
        int gen = Integer.parseInt(reader.result("gen").orElseThrow());
        assertThat(gen).as("the generation on disk after the kill, last reported renamed %d", last).isBetween(last, last + 1);
    }
}
