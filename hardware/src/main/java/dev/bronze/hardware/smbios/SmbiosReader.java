package dev.bronze.hardware.smbios;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where SMBIOS tables are read from: the kernel's copies in {@code /sys/firmware/dmi/tables}
 * (Linux 4.2+, root only) or a {@code dmidecode --dump-bin} file. The result says why there is no
 * table (a device-tree board has none, a non-root user cannot read it) instead of throwing.
 */
public final class SmbiosReader {

    static final String ENTRY_POINT = "sys/firmware/dmi/tables/smbios_entry_point";
    static final String TABLE = "sys/firmware/dmi/tables/DMI";

    /** What reading found. */
    public sealed interface Result {
        /** A table (possibly with problems). */
        record Found(SmbiosTable table) implements Result {
        }

        /** No SMBIOS on this machine: normal on device-tree boards (stock Raspberry Pi firmware). */
        record NotPresent(String reason) implements Result {
        }

        /** There is a table but it cannot be read (permissions, not a file). */
        record Unreadable(String reason) implements Result {
        }
    }

    private SmbiosReader() {
    }

    /** Reads the tables the kernel exposes under {@code root}. */
    public static Result read(SysRoot root) {
        SysRead ep = root.read(ENTRY_POINT, 64);
        if (ep instanceof SysRead.Absent) {
            return new Result.NotPresent("no SMBIOS entry point at /" + ENTRY_POINT
                    + " (firmware without SMBIOS, e.g. a device-tree board, or a kernel older than 4.2)");
        }
        if (ep instanceof SysRead.Unreadable u) {
            return new Result.Unreadable("/" + ENTRY_POINT + ": " + u.reason() + (u.reason().contains("permission") ? " (run as root)" : ""));
        }
        byte[] epBytes = ((SysRead.Content) ep).bytes();
        EntryPoint.Parsed parsed = EntryPoint.parse(epBytes);
        SysRead table = root.read(TABLE, SmbiosParser.MAX_TABLE_BYTES);
        String source = root.isHost() ? "/" + TABLE : root.path(TABLE).toString();
        if (table instanceof SysRead.Absent) {
            return new Result.NotPresent("entry point present but no table at /" + TABLE);
        }
        if (table instanceof SysRead.Unreadable u) {
            return new Result.Unreadable("/" + TABLE + ": " + u.reason());
        }
        SysRead.Content c = (SysRead.Content) table;
        List<String> problems = new ArrayList<>(parsed.problems());
        if (c.truncated()) {
            problems.add("table is larger than " + SmbiosParser.MAX_TABLE_BYTES + " bytes; decoded the first part only");
        }
        return new Result.Found(SmbiosParser.parseTable(c.bytes(), parsed.entryPoint(), source, problems));
    }

    /** Reads a {@code dmidecode --dump-bin} file. */
    public static Result readDump(Path file) {
        if (!Files.exists(file)) {
            return new Result.NotPresent("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            return new Result.Unreadable(file + ": not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(SmbiosParser.MAX_TABLE_BYTES + 0x20);
            return new Result.Found(SmbiosParser.parseDump(b, file.toString()));
        } catch (IOException | SecurityException e) {
            return new Result.Unreadable(file + ": " + e.getMessage());
        }
    }
}
