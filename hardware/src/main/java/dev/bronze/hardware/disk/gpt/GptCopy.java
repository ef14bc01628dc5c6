package dev.bronze.hardware.disk.gpt;

/** The state of one of the two copies of a GPT (header plus its entry array). */
public sealed interface GptCopy {

    /** Header and entry array are intact (signature, both CRCs, positions). */
    record Valid(GptHeader header, Gpt gpt) implements GptCopy {
    }

    /** Something is there but broken; {@code reason} says what, for messages and {@code --json}. */
    record Damaged(long lba, String reason) implements GptCopy {
    }

    /** No header signature at all where the copy should be. */
    record Missing(long lba) implements GptCopy {
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    default String describe() {
        if (this instanceof Valid v) {
            return "valid at LBA " + v.header().myLba();
        }
        if (this instanceof Damaged d) {
            return "damaged at LBA " + d.lba() + ": " + d.reason();
        }
        return "missing at LBA " + ((Missing) this).lba();
    }
}
