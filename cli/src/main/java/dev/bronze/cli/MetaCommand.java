package dev.bronze.cli;

import dev.bronze.bootloader.meta.MetaKey;
import dev.bronze.bootloader.meta.MetaStore;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "meta", mixinStandardHelpOptions = true,
        description = {"Reads and writes the META partition (Talos's format): list, get K, set K V, delete K.",
            "Keys are Talos names (Upgrade, UUIDOverride, ...) or tag numbers (0x0a)."})
final class MetaCommand extends AbCommand {

    @Parameters(index = "0", paramLabel = "list|get|set|delete")
    String action;

    @Parameters(index = "1..*", arity = "0..2", paramLabel = "K [V]")
    List<String> args = List.of();

    @Override
    int execute() throws IOException {
        boolean writes = action.equals("set") || action.equals("delete");
        return withSession(writes, s -> {
            MetaStore meta = s.meta().orElseThrow(() -> new BronzeException("this disk has no META partition"));
            switch (action) {
                case "list" -> {
                    MetaStore.Snapshot snap = meta.read();
                    if (json) {
                        Map<String, Object> doc = new LinkedHashMap<>();
                        snap.tags().forEach((t, v) -> doc.put(MetaKey.nameOf(t), new String(v, StandardCharsets.UTF_8)));
                        Json.print(out(), doc);
                    } else {
                        snap.tags().forEach((t, v) -> out().printf("%-28s %s%n", String.format("%s (0x%02x)", MetaKey.nameOf(t), t),
                                new String(v, StandardCharsets.UTF_8).replace("\n", "\\n")));
                        snap.problems().forEach(p -> err().println("bronze: META " + p));
                    }
                }
                case "get" -> {
                    int tag = MetaKey.parseTag(arg(0));
                    byte[] v = meta.read().tags().get(tag);
                    if (v == null) {
                        throw new BronzeException("META has no value for " + MetaKey.nameOf(tag));
                    }
                    out().print(new String(v, StandardCharsets.UTF_8));
                    out().flush();
                }
                case "set" -> meta.set(MetaKey.parseTag(arg(0)), arg(1).getBytes(StandardCharsets.UTF_8));
                case "delete" -> {
                    int tag = MetaKey.parseTag(arg(0));
                    if (!meta.delete(tag)) {
                        throw new BronzeException("META has no value for " + MetaKey.nameOf(tag));
                    }
                }
                default -> throw new BronzeException(ExitCode.USAGE, "meta takes list, get K, set K V or delete K; not " + action);
            }
            return 0;
        });
    }

    private String arg(int i) {
        if (args.size() <= i) {
            throw new BronzeException(ExitCode.USAGE, "meta " + action + " needs " + (action.equals("set") ? "K V" : "K"));
        }
        return args.get(i);
    }
}
