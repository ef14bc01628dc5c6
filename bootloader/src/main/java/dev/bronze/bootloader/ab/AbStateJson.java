package dev.bronze.bootloader.ab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The A/B state as one line of JSON, for backends whose bootloader reads a config file Bronze
 * rewrites whole (GRUB, the Raspberry Pi firmware): the state travels inside that file, so the
 * file and the state it describes can never disagree after a power cut.
 */
public final class AbStateJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AbStateJson() {
    }

    public static String write(AbState s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("gen", s.generation());
        o.put("next", s.next().name());
        ObjectNode slots = o.putObject("slots");
        for (Slot slot : Slot.values()) {
            SlotInfo i = s.slot(slot);
            ObjectNode so = slots.putObject(slot.name());
            so.put("state", i.state().json());
            if (i.version() != null) {
                so.put("version", i.version());
            }
            so.put("tries", i.triesLeft());
            so.put("payload", i.payload().name());
            ArrayNode a = so.putArray("cmdline");
            i.cmdline().forEach(a::add);
        }
        return o.toString();
    }

    /** The state, or empty when the text is not a state Bronze wrote. */
    public static Optional<AbState> read(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || o.path("v").asInt() != 1) {
                return Optional.empty();
            }
            Map<Slot, SlotInfo> slots = new EnumMap<>(Slot.class);
            for (Slot slot : Slot.values()) {
                JsonNode so = o.path("slots").path(slot.name());
                if (so.isMissingNode()) {
                    continue;
                }
                List<String> cmd = new ArrayList<>();
                so.path("cmdline").forEach(n -> cmd.add(n.asText()));
                slots.put(slot, new SlotInfo(slot, so.hasNonNull("version") ? so.get("version").asText() : null,
                        SlotState.parse(so.path("state").asText("empty")), Math.max(0, Math.min(9, so.path("tries").asInt())),
                        SlotInfo.PayloadKind.valueOf(so.path("payload").asText("NONE")), cmd));
            }
            Slot next = Slot.parse(o.path("next").asText());
            return next == null ? Optional.empty() : Optional.of(new AbState(slots, next, o.path("gen").asLong()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Finds the state line that starts with {@code prefix} among the first lines of a config. */
    public static Optional<AbState> fromConfig(String config, String prefix) {
        return config.lines().limit(50).filter(l -> l.startsWith(prefix)).findFirst()
                .flatMap(l -> read(l.substring(prefix.length())));
    }
}
