package dev.bronze.hardware;

import java.util.Optional;

/** What a bounded read through {@link SysRoot} found. */
public sealed interface SysRead {

    /** The file exists and was read; {@code truncated} when it held more than the bound. */
    record Content(byte[] bytes, boolean truncated) implements SysRead {
        @Override
        public Optional<String> text() {
            return truncated ? Optional.empty() : SysRoot.printable(bytes);
        }

        @Override
        public String describe() {
            if (truncated) {
                return "unavailable: larger than " + bytes.length + " bytes";
            }
            return text().orElse("unavailable: binary content");
        }
    }

    /** Nothing at that path. */
    enum Absent implements SysRead {
        INSTANCE;

        @Override
        public Optional<String> text() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "unavailable: absent";
        }
    }

    /** Something is there but cannot be read as a file (permissions, a FIFO, a loop, a directory). */
    record Unreadable(String reason) implements SysRead {
        @Override
        public Optional<String> text() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "unavailable: " + reason;
        }
    }

    /** The content as one stripped line of printable UTF-8, when it is that. */
    Optional<String> text();

    /** The text, or why there is none, for evidence listings. */
    String describe();
}
