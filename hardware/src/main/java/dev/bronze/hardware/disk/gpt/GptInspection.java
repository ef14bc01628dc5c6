package dev.bronze.hardware.disk.gpt;

import java.util.List;
import java.util.Optional;

/**
 * What reading both copies of a GPT found.
 *
 * @param primary        the copy at LBA 1
 * @param backup         the copy the primary points to, else the one at the last LBA
 * @param protectiveMbr  whether LBA 0 holds a protective (0xEE) record, which Linux insists on
 * @param backupAtEnd    whether the backup header sits on the last block (false after an image grew)
 * @param problems       anything else worth telling (copies that disagree, overlapping partitions)
 */
public record GptInspection(GptCopy primary, GptCopy backup, boolean protectiveMbr, boolean backupAtEnd,
                            List<String> problems) {

    public GptInspection {
        problems = List.copyOf(problems);
    }

    /** The table to trust: the primary when it is valid, else the backup (UEFI 5.3.2). */
    public Optional<Gpt> gpt() {
        if (primary instanceof GptCopy.Valid v) {
            return Optional.of(v.gpt());
        }
        if (backup instanceof GptCopy.Valid v) {
            return Optional.of(v.gpt());
        }
        return Optional.empty();
    }

    /** No GPT signature anywhere. */
    public boolean absent() {
        return primary instanceof GptCopy.Missing && backup instanceof GptCopy.Missing;
    }

    /** Both copies valid, the backup at the end, a protective MBR, nothing else to say. */
    public boolean healthy() {
        return primary.isValid() && backup.isValid() && protectiveMbr && backupAtEnd && problems.isEmpty();
    }

    /** One line for people: "healthy", or the first thing wrong. */
    public String summary() {
        if (absent()) {
            return "no GPT";
        }
        if (healthy()) {
            return "healthy";
        }
        StringBuilder s = new StringBuilder();
        if (!primary.isValid()) {
            s.append("primary GPT ").append(primary.describe()).append("; ");
        }
        if (!backup.isValid()) {
            s.append("backup GPT ").append(backup.describe()).append("; ");
        }
        if (!backupAtEnd && backup.isValid()) {
            s.append("backup GPT is not at the end of the disk; ");
        }
        if (!protectiveMbr) {
            s.append("no protective MBR; ");
        }
        problems.forEach(p -> s.append(p).append("; "));
        return s.substring(0, s.length() - 2);
    }
}
