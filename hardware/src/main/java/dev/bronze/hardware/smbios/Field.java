package dev.bronze.hardware.smbios;

import java.util.List;

/**
 * One decoded attribute in dmidecode's vocabulary ("ROM Size" = "32 MB"), with the list items
 * that follow some attributes ("Characteristics:" and its lines). This is what the human output
 * prints and what the tests compare with {@code dmidecode --from-dump} line by line.
 */
public record Field(String label, String value, List<String> items) {

    public Field {
        items = List.copyOf(items);
    }

    public static Field of(String label, String value) {
        return new Field(label, value, List.of());
    }
}
