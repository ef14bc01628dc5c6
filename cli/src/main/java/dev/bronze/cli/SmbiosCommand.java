package dev.bronze.cli;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.smbios.DecodedStructure;
import dev.bronze.hardware.smbios.Field;
import dev.bronze.hardware.smbios.SmbiosReader;
import dev.bronze.hardware.smbios.SmbiosStructure;
import dev.bronze.hardware.smbios.SmbiosTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bronze smbios}: the firmware's SMBIOS tables, decoded (dmidecode's vocabulary, or JSON). */
@Command(name = "smbios", mixinStandardHelpOptions = true,
        description = {"Decode the SMBIOS/DMI tables of this machine (/sys/firmware/dmi/tables, root only),",
            "of a fixture tree (--root) or of a 'dmidecode --dump-bin' file (--dump).",
            "Problems found in the table are reported, never fatal."})
final class SmbiosCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--root", paramLabel = "DIR", description = "Read sys/firmware/dmi/tables below DIR instead of /.")
        Path root;

        @Option(names = "--dump", paramLabel = "FILE", description = "Read a 'dmidecode --dump-bin' file.")
        Path dump;
    }

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",",
            description = "Only structures of these types (numbers, e.g. 1,17).")
    Set<Integer> types;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        SmbiosReader.Result r;
        if (source != null && source.dump != null) {
            r = SmbiosReader.readDump(source.dump);
        } else {
            r = SmbiosReader.read(source != null && source.root != null ? SysRoot.of(source.root) : SysRoot.host());
        }
        SmbiosTable table;
        if (r instanceof SmbiosReader.Result.Found found) {
            table = found.table();
        } else if (r instanceof SmbiosReader.Result.NotPresent n) {
            throw new HardwareException("no SMBIOS tables: " + n.reason());
        } else {
            throw new HardwareException("cannot read the SMBIOS tables: " + ((SmbiosReader.Result.Unreadable) r).reason());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<DecodedStructure> structures = new ArrayList<>();
        List<SmbiosStructure> raws = new ArrayList<>();
        for (int i = 0; i < table.decoded().size(); i++) {
            DecodedStructure d = table.decoded().get(i);
            if (types == null || types.contains(d.type())) {
                structures.add(d);
                raws.add(table.structures().get(i));
            }
        }
        if (json) {
            Json.print(out, document(table, structures));
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String p : table.problems()) {
            err.println("bronze: smbios: warning: " + p);
        }
        err.flush();
        out.println("SMBIOS " + table.version() + (table.entryPoint() == null ? " (assumed: no entry point)" : "")
                + " from " + table.source() + ", " + table.structures().size() + " structures");
        for (int k = 0; k < structures.size(); k++) {
            DecodedStructure d = structures.get(k);
            out.println();
            out.printf("Handle 0x%04X, DMI type %d, %d bytes%n", d.handle(), d.type(), d.length());
            out.println(d.name());
            for (Field f : d.fields()) {
                out.println("\t" + f.label() + ":" + (f.value().isEmpty() ? "" : " " + f.value()));
                for (String item : f.items()) {
                    out.println("\t\t" + item);
                }
            }
            if (d.fields().isEmpty() && d.type() != 126 && d.type() != 127) {
                hexDump(out, raws.get(k));
            }
        }
        out.flush();
        return 0;
    }

    /** Types not decoded are shown as dmidecode shows unknown ones: the bytes and the strings. */
    private static void hexDump(PrintWriter out, SmbiosStructure s) {
        out.println("\tHeader and Data:");
        byte[] b = s.data();
        for (int row = 0; row < b.length; row += 16) {
            StringBuilder line = new StringBuilder("\t\t");
            for (int i = row; i < Math.min(row + 16, b.length); i++) {
                line.append(i == row ? "" : " ").append(String.format("%02X", b[i] & 0xff));
            }
            out.println(line);
        }
        if (!s.strings().isEmpty()) {
            out.println("\tStrings:");
            s.strings().forEach(x -> out.println("\t\t" + x));
        }
    }

    static Map<String, Object> document(SmbiosTable table, List<DecodedStructure> structures) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", table.source());
        doc.put("version", table.version().toString());
        doc.put("entryPoint", table.entryPoint());
        doc.put("problems", table.problems());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bios", table.bios().orElse(null));
        summary.put("system", table.system().orElse(null));
        summary.put("baseboard", table.baseboard().orElse(null));
        summary.put("chassis", table.chassis().orElse(null));
        summary.put("processors", table.processors());
        summary.put("memoryDevices", table.memoryDevices());
        summary.put("oemStrings", table.oemStrings());
        summary.put("tpm", table.tpm().orElse(null));
        doc.put("summary", summary);
        List<Map<String, Object>> list = new ArrayList<>();
        for (DecodedStructure d : structures) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("handle", String.format("0x%04X", d.handle()));
            s.put("type", d.type());
            s.put("length", d.length());
            s.put("name", d.name());
            s.put("fields", d.fields());
            list.add(s);
        }
        doc.put("structures", list);
        return doc;
    }
}
