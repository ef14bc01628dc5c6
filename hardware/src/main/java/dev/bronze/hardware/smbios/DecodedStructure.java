package dev.bronze.hardware.smbios;

import java.util.List;

/**
 * A structure with its decoding: the name of its type, the attributes in dmidecode's vocabulary and,
 * for the types this package models, the typed value ({@link BiosInfo}, {@link MemoryDevice}, ...);
 * {@code value} is null for types that are only named.
 */
public record DecodedStructure(int handle, int type, int length, String name, List<Field> fields, Object value) {

    public DecodedStructure {
        fields = List.copyOf(fields);
    }
}
