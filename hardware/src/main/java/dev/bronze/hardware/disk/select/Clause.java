package dev.bronze.hardware.disk.select;

import dev.bronze.hardware.disk.discovery.Disk;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** One comma-separated clause of a disk selector. */
sealed interface Clause {

    /** The clause as written. */
    String text();

    /** Empty when the clause holds for {@code disk}; otherwise why it does not, for the user. */
    Optional<String> mismatch(Disk disk);

    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
    }

    /** {@code size>=20GB}: the disk's size in bytes compared exactly with the given size. */
    record Size(String text, Op op, BigDecimal bytes, String written) implements Clause {
        @Override
        public Optional<String> mismatch(Disk disk) {
            if (op.test(BigDecimal.valueOf(disk.sizeBytes()).compareTo(bytes))) {
                return Optional.empty();
            }
            return Optional.of("size " + ByteSize.human(disk.sizeBytes()) + " (" + disk.sizeBytes() + " bytes) is not "
                    + op.symbol + " " + written);
        }
    }

    /** {@code model=Samsung*}: a glob over one text field; {@code !=} inverts it. */
    record Field(String text, String key, boolean negate, Glob glob, Function<Disk, String> getter) implements Clause {
        @Override
        public Optional<String> mismatch(Disk disk) {
            String value = getter.apply(disk);
            if (glob.matches(value) != negate) {
                return Optional.empty();
            }
            String shown = value.isEmpty() ? "unknown" : "\"" + value + "\"";
            return Optional.of(key + " " + shown + (negate ? " matches " : " does not match ") + "\"" + glob + "\"");
        }
    }

    /** {@code type=ssd|nvme}: one of the words in {@link Disk#types()}. */
    record Type(String text, boolean negate, Set<String> words) implements Clause {
        @Override
        public Optional<String> mismatch(Disk disk) {
            boolean any = disk.types().stream().anyMatch(words::contains);
            if (any != negate) {
                return Optional.empty();
            }
            return Optional.of("type is " + String.join("/", disk.types()) + (negate ? ", excluded" : ", not " + String.join(" or ", words)));
        }
    }
}
