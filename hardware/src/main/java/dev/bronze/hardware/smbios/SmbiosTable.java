package dev.bronze.hardware.smbios;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A decoded SMBIOS table: the structures read (in table order, inactive ones included), what was
 * wrong with the bytes, and typed views of the structures inventory uses. Built by
 * {@link SmbiosParser}; never the result of an exception. Immutable; structures are decoded once.
 */
public final class SmbiosTable {

    private final String source;
    private final SmbiosVersion version;
    private final EntryPoint entryPoint;
    private final List<SmbiosStructure> structures;
    private final List<String> problems;
    private final List<DecodedStructure> decoded;

    /**
     * @param source where the bytes came from, for messages
     * @param entryPoint null for a raw table decoded without one
     */
    public SmbiosTable(String source, SmbiosVersion version, EntryPoint entryPoint,
            List<SmbiosStructure> structures, List<String> problems) {
        this.source = source;
        this.version = version;
        this.entryPoint = entryPoint;
        this.structures = List.copyOf(structures);
        this.problems = List.copyOf(problems);
        List<DecodedStructure> d = new ArrayList<>(structures.size());
        for (SmbiosStructure s : this.structures) {
            d.add(StructureDecoder.decode(s, version));
        }
        this.decoded = List.copyOf(d);
    }

    public String source() {
        return source;
    }

    public SmbiosVersion version() {
        return version;
    }

    /** The entry point, or null for a raw table decoded without one. */
    public EntryPoint entryPoint() {
        return entryPoint;
    }

    public List<SmbiosStructure> structures() {
        return structures;
    }

    public List<String> problems() {
        return problems;
    }

    static SmbiosTable empty(String source, List<String> problems) {
        return new SmbiosTable(source, SmbiosVersion.ASSUMED, null, List.of(), problems);
    }

    /** Every structure decoded, in table order. */
    public List<DecodedStructure> decoded() {
        return decoded;
    }

    /** Typed values of one class, skipping inactive structures and those too short to decode. */
    public <T> List<T> all(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (DecodedStructure s : decoded) {
            if (s.type() == SmbiosStructure.TYPE_INACTIVE) {
                continue;
            }
            Object v = s.value();
            if (kind.isInstance(v)) {
                out.add(kind.cast(v));
            }
        }
        return out;
    }

    public <T> Optional<T> first(Class<T> kind) {
        List<T> all = all(kind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public Optional<BiosInfo> bios() {
        return first(BiosInfo.class);
    }

    public Optional<SystemInfo> system() {
        return first(SystemInfo.class);
    }

    public Optional<BaseboardInfo> baseboard() {
        return first(BaseboardInfo.class);
    }

    public Optional<ChassisInfo> chassis() {
        return first(ChassisInfo.class);
    }

    public List<ProcessorInfo> processors() {
        return all(ProcessorInfo.class);
    }

    public List<MemoryDevice> memoryDevices() {
        return all(MemoryDevice.class);
    }

    public List<String> oemStrings() {
        List<String> out = new ArrayList<>();
        all(OemStrings.class).forEach(o -> out.addAll(o.strings()));
        return out;
    }

    public List<OnboardDevice> onboardDevices() {
        return all(OnboardDevice.class);
    }

    public Optional<IpmiDevice> ipmi() {
        return first(IpmiDevice.class);
    }

    public Optional<TpmDevice> tpm() {
        return first(TpmDevice.class);
    }
}
